/**
 * Pseudo-projective parsing (Nivre & Nilsson 2005), the runtime half: restoring the non-projective
 * arcs of a tree whose lifted arcs carry their lift in the label. Training lifts (train/projectivize.ts)
 * and encodes; the parser learns projective trees over the encoded labels; this module decodes.
 *
 * Label encoding ("head" scheme, made exact by a rank):
 * - `d` — an arc that was not lifted;
 * - `d↑h` — a lifted arc whose relation is `d` and whose original head has relation `h`;
 * - `d↑h↑k` (k ≥ 2) — the same, when the original head is the k-th candidate rather than the first.
 *
 * Restoring a tree: the lifted words are taken in breadth-first order of the tree as parsed
 * (children left to right). For each, the candidates are the words of its head's subtree in
 * breadth-first order, then every other word in breadth-first order from ROOT, never the head itself
 * nor a word of the lifted word's own subtree (so no cycle can arise). The word is attached to the
 * k-th candidate whose relation (decoded, `d` part) is `h`; to the last such candidate if there are
 * fewer than k; and stays where it is if there is none. Its relation becomes `d` in every case.
 *
 * Plain Nivre & Nilsson search only the head's subtree and take the first match; the rank and the
 * fallback to the rest of the tree make the encoding exact: training computes k by running this very
 * procedure, so restore(projectivize(tree)) === tree for every tree (test/parser/train/projectivize.test.ts).
 */

/** The separator between the parts of an encoded relation (not used by any UD relation). */
export const LIFT_MARK = '↑';

/** Pseudo-projective schemes a parser model can record (model config `pseudoProjective`). */
export const PSEUDO_PROJECTIVE_SCHEMES = ['head'] as const;
export type PseudoProjectiveScheme = (typeof PSEUDO_PROJECTIVE_SCHEMES)[number];

/** The parts of an encoded relation: its own relation, the original head's relation ('' if not lifted) and the rank. */
export interface DecodedLabel {
  base: string;
  liftedFrom: string;
  rank: number;
}

export function decodeLabel(label: string): DecodedLabel {
  const i = label.indexOf(LIFT_MARK);
  if (i < 0) return { base: label, liftedFrom: '', rank: 1 };
  const rest = label.slice(i + 1);
  const j = rest.indexOf(LIFT_MARK);
  const rank = j < 0 ? 1 : Number(rest.slice(j + 1));
  return { base: label.slice(0, i), liftedFrom: j < 0 ? rest : rest.slice(0, j), rank: Number.isInteger(rank) && rank >= 1 ? rank : 1 };
}

export function encodeLabel(base: string, liftedFrom: string, rank = 1): string {
  return rank > 1 ? `${base}${LIFT_MARK}${liftedFrom}${LIFT_MARK}${rank}` : `${base}${LIFT_MARK}${liftedFrom}`;
}

/** The relation without its lift (`obl↑nmod` → `obl`). */
export function baseLabel(label: string): string {
  const i = label.indexOf(LIFT_MARK);
  return i < 0 ? label : label.slice(0, i);
}

/**
 * A tree as the restoring procedure sees it: head[i] (0 = ROOT) and label[i] of word i, words 1..n
 * at indices 1..n (index 0 unused).
 */
export interface IndexedTree {
  n: number;
  head: Int32Array;
  label: string[];
}

/**
 * Chooses where a lifted word goes among its candidates (in order) whose relation matches.
 * The runtime picks by rank; training uses the same search to find the rank of the right head.
 */
export type CandidatePicker = (dependent: number, matches: readonly number[]) => number;

/** Words in breadth-first order from ROOT over `head` (children by increasing index), ROOT excluded. */
export function breadthFirst(head: Int32Array, n: number, from = 0, skip = -1): number[] {
  const children = childLists(head, n);
  const out: number[] = [];
  const queue = [from];
  for (let q = 0; q < queue.length; q++) {
    for (const c of children[queue[q]]) {
      if (c === skip) continue;
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

function childLists(head: Int32Array, n: number): number[][] {
  const children: number[][] = Array.from({ length: n + 1 }, () => []);
  for (let i = 1; i <= n; i++) {
    const h = head[i];
    if (h >= 0 && h <= n && h !== i) children[h].push(i);
  }
  return children;
}

/** The candidates of lifted word d (see the module comment), in order. */
export function candidatesOf(tree: IndexedTree, d: number): number[] {
  const { head, n } = tree;
  const h = head[d];
  const seen = new Uint8Array(n + 1);
  seen[h] = 1;
  // d's subtree is skipped by never entering d.
  const inside = breadthFirst(head, n, h, d);
  for (const w of inside) seen[w] = 1;
  const outside = breadthFirst(head, n, 0, d).filter((w) => !seen[w]);
  return [...inside, ...outside];
}

/**
 * Restores the lifted arcs of `tree` in place (see the module comment); `pick` chooses among the
 * matching candidates (default: by the encoded rank). Every relation is left decoded.
 */
export function restoreLifted(tree: IndexedTree, pick?: CandidatePicker): void {
  const { head, label, n } = tree;
  const lifted = breadthFirst(head, n).filter((w) => label[w].includes(LIFT_MARK));
  const decoded = label.map((l, i) => (i === 0 ? { base: '', liftedFrom: '', rank: 1 } : decodeLabel(l)));
  for (let i = 1; i <= n; i++) label[i] = decoded[i].base;
  for (const d of lifted) {
    const want = decoded[d].liftedFrom;
    const matches = candidatesOf(tree, d).filter((w) => label[w] === want);
    if (matches.length === 0) continue;
    head[d] = pick ? pick(d, matches) : matches[Math.min(decoded[d].rank, matches.length) - 1];
  }
}

/**
 * The restored tree of a parse in the ParsedTree layout (word i + 1 at index i): returns new head
 * and label arrays, or the given ones when no relation carries a lift.
 */
export function restoreParsed(head: Int32Array, label: readonly string[]): { head: Int32Array; label: string[] } {
  if (!label.some((l) => l.includes(LIFT_MARK))) return { head, label: [...label] };
  const n = head.length;
  const tree: IndexedTree = { n, head: new Int32Array(n + 1), label: ['', ...label] };
  tree.head.set(head, 1);
  restoreLifted(tree);
  return { head: tree.head.slice(1), label: tree.label.slice(1) };
}
