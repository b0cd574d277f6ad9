import { isNonProjectiveArc } from '../../ud/tree.ts';
import type { Sentence } from '../../ud/types.ts';
import { type IndexedTree, encodeLabel, restoreLifted } from '../pseudo-projective.ts';

/**
 * Pseudo-projective parsing (Nivre & Nilsson 2005), the training half: a non-projective tree is made
 * projective by lifting arcs, and each lift is written into the lifted word's relation so that
 * parsing can undo it (../pseudo-projective.ts describes the encoding and the restoring).
 *
 * Lifting: while an arc crosses another, the shortest non-projective arc h → d (leftmost on ties)
 * becomes head(h) → d. Arcs from the root word never cross (every word lies under it), so no word is
 * ever lifted to ROOT and the tree keeps one root. The rank of each lifted word's original head is
 * found by running the restoring procedure with the right answer at hand, so decoding the encoded
 * tree gives back the original exactly.
 */

/** The shortest non-projective arc's dependent (leftmost on ties), or -1 if the tree is projective. */
function shortestNonProjective(head: Int32Array, n: number): number {
  let best = -1, bestLen = Infinity;
  for (let d = 1; d <= n; d++) {
    const len = Math.abs(head[d] - d);
    if (len < bestLen && isNonProjectiveArc(head, d)) {
      best = d;
      bestLen = len;
    }
  }
  return best;
}

/**
 * The projective tree with encoded relations for a tree (head[i], label[i] of words 1..n; index 0
 * unused). The input is not changed; a projective tree comes back as an equal copy.
 */
export function projectivize(tree: IndexedTree): IndexedTree {
  const { n } = tree;
  const head = tree.head.slice();
  const lifted = new Uint8Array(n + 1);
  for (let d = shortestNonProjective(head, n); d >= 0; d = shortestNonProjective(head, n)) {
    head[d] = head[head[d]];
    lifted[d] = 1;
  }
  const label = [...tree.label];
  for (let d = 1; d <= n; d++) if (lifted[d]) label[d] = encodeLabel(tree.label[d], tree.label[tree.head[d]]);
  const out: IndexedTree = { n, head, label };
  // Run the restoring procedure on a copy, choosing the right head each time, and record its rank.
  const rank = new Int32Array(n + 1);
  restoreLifted({ n, head: head.slice(), label: [...label] }, (d, matches) => {
    const r = matches.indexOf(tree.head[d]);
    if (r < 0) throw new Error(`projectivize: the original head of word ${d} is not among its candidates`);
    rank[d] = r + 1;
    return tree.head[d];
  });
  for (let d = 1; d <= n; d++) if (lifted[d]) label[d] = encodeLabel(tree.label[d], tree.label[tree.head[d]], rank[d]);
  return out;
}

/** The tree of a sentence in the indexed layout. */
export function treeOf(s: Sentence): IndexedTree {
  const n = s.words.length;
  const head = new Int32Array(n + 1);
  const label = new Array<string>(n + 1);
  label[0] = '';
  s.words.forEach((w, i) => {
    head[i + 1] = w.head;
    label[i + 1] = w.deprel;
  });
  return { n, head, label };
}

/** Copies of the sentences with projective trees and encoded relations; `lifted` counts the lifted arcs. */
export function projectivizeSentences(sentences: readonly Sentence[]): { sentences: Sentence[]; lifted: number; nonProjective: number } {
  let lifted = 0, nonProjective = 0;
  const out = sentences.map((s) => {
    const tree = treeOf(s);
    const p = projectivize(tree);
    let changed = 0;
    for (let i = 1; i <= p.n; i++) if (p.head[i] !== tree.head[i]) changed++;
    if (changed === 0) return s;
    lifted += changed;
    nonProjective++;
    return { ...s, words: s.words.map((w, i) => ({ ...w, head: p.head[i + 1], deprel: p.label[i + 1] })) };
  });
  return { sentences: out, lifted, nonProjective };
}
