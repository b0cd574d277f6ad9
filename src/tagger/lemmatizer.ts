/**
 * A data-driven lemmatizer for tagged words.
 *
 * 1. An exception table: (form, tag) → lemma as seen in training, kept only where the rules below
 *    would get it wrong (the exact form first, then the lowercased form).
 * 2. For other words: a casing decision per (tag, case class of the form) — keep, lowercase or
 *    capitalize, by majority; (any tag, case class) for tags not seen with that case class — and
 *    then the most frequent rewrite "strip n characters, add s" for (tag, longest known suffix).
 *    Rules are counted once per word type, so irregular frequent words do not outvote the regular
 *    pattern.
 * `tag` is the XPOS (or the UPOS for treebanks without XPOS).
 */
export interface LemmaPair {
  form: string;
  tag: string;
  lemma: string;
}

export interface LemmatizerOptions {
  /** Longest suffix that keys a rule. */
  maxSuffix: number;
  /** A rule key needs this many word types behind it. */
  minTypes: number;
}

export const DEFAULT_LEMMATIZER_OPTIONS: LemmatizerOptions = { maxSuffix: 6, minTypes: 1 };

/** Serialized form (what vocab.json stores). */
export interface LemmatizerData {
  maxSuffix: number;
  /** [tag\tcaseClass, case change], plus [*\tcaseClass, …] over all tags for tags not seen with that case class. */
  cases: [string, CaseOp][];
  /** [tag\tsuffix, strip, add]. */
  rules: [string, number, string][];
  /** [form\ttag, lemma]. */
  exceptions: [string, string][];
}

/** How a form's case is changed before the suffix rule: keep it, lowercase it, or capitalize the first letter. */
export type CaseOp = 'keep' | 'lower' | 'title';

function applyCase(form: string, op: CaseOp): string {
  if (op === 'lower') return form.toLowerCase();
  if (op === 'title') return form.slice(0, 1).toUpperCase() + form.slice(1);
  return form;
}

/** The case change that best explains lemma from form. */
function caseOpOf(form: string, lemma: string): CaseOp {
  if (lemma === lemma.toLowerCase()) return form === form.toLowerCase() ? 'keep' : 'lower';
  const f = form.slice(0, 1), l = lemma.slice(0, 1);
  return f !== f.toUpperCase() && l === l.toUpperCase() && f.toUpperCase() === l ? 'title' : 'keep';
}

/** 0 lower or caseless, 1 Titlecase, 2 UPPER, 3 mixed. */
export function caseClass(form: string): number {
  const lower = form.toLowerCase();
  if (lower === form) return 0;
  if (form.toUpperCase() === form) return 2;
  const first = form.slice(0, 1);
  return first.toUpperCase() === first && form.slice(1).toLowerCase() === form.slice(1) ? 1 : 3;
}

/** Length of the common prefix of a and b. */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

const bump = (m: Map<string, Map<string, number>>, k: string, v: string): void => {
  let inner = m.get(k);
  if (!inner) m.set(k, (inner = new Map()));
  inner.set(v, (inner.get(v) ?? 0) + 1);
};

/** Most frequent value (ties: the smallest string), with its count. */
function majority(m: Map<string, number>): [string, number] {
  let best = '', count = -1;
  for (const [v, c] of m) if (c > count || (c === count && v < best)) { best = v; count = c; }
  return [best, count];
}

export class Lemmatizer {
  private readonly maxSuffix: number;
  private readonly cases: Map<string, CaseOp>;
  private readonly rules: Map<string, { strip: number; add: string }>;
  private readonly exceptions: Map<string, string>;

  constructor(data: LemmatizerData) {
    this.maxSuffix = data.maxSuffix;
    this.cases = new Map(data.cases);
    this.rules = new Map(data.rules.map(([k, strip, add]) => [k, { strip, add }]));
    this.exceptions = new Map(data.exceptions);
  }

  /** Learns from (form, tag, lemma) tokens; the most frequent lemma per (form, tag) wins. */
  static learn(pairs: Iterable<LemmaPair>, o: LemmatizerOptions = DEFAULT_LEMMATIZER_OPTIONS): Lemmatizer {
    const lemmaOf = new Map<string, Map<string, number>>();
    for (const p of pairs) bump(lemmaOf, `${p.form}\t${p.tag}`, p.lemma);
    const types: LemmaPair[] = [];
    for (const [k, m] of [...lemmaOf].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const [form, tag] = k.split('\t') as [string, string];
      types.push({ form, tag, lemma: majority(m)[0] });
    }
    const caseVotes = new Map<string, Map<string, number>>();
    for (const t of types) {
      const op = caseOpOf(t.form, t.lemma), cc = caseClass(t.form);
      bump(caseVotes, `${t.tag}\t${cc}`, op);
      bump(caseVotes, `*\t${cc}`, op);
    }
    const cases: [string, CaseOp][] = [...caseVotes].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, m]) => [k, majority(m)[0] as CaseOp]);
    const caseMap = new Map(cases);
    const ruleVotes = new Map<string, Map<string, number>>();
    for (const t of types) {
      const f = applyCase(t.form, caseMap.get(`${t.tag}\t${caseClass(t.form)}`) ?? 'keep');
      const keep = commonPrefix(f, t.lemma);
      const rule = `${f.length - keep}\t${t.lemma.slice(keep)}`;
      for (let l = 0; l <= Math.min(o.maxSuffix, f.length); l++) bump(ruleVotes, `${t.tag}\t${f.slice(f.length - l)}`, rule);
    }
    const rules: [string, number, string][] = [];
    const chosen = new Map<string, string>();
    for (const [k, m] of ruleVotes) {
      let total = 0;
      for (const c of m.values()) total += c;
      if (total >= o.minTypes || k.endsWith('\t')) chosen.set(k, majority(m)[0]);
    }
    for (const [k, rule] of [...chosen].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      // A key whose rule equals its parent's (one character shorter) adds nothing: lookup falls back to the parent.
      const tab = k.indexOf('\t');
      const suffix = k.slice(tab + 1);
      if (suffix.length > 0 && chosen.get(k.slice(0, tab + 1) + suffix.slice(1)) === rule) continue;
      const [strip, add] = rule.split('\t') as [string, string];
      rules.push([k, Number(strip), add]);
    }
    const partial = new Lemmatizer({ maxSuffix: o.maxSuffix, cases, rules, exceptions: [] });
    const exceptions: [string, string][] = [];
    for (const t of types) if (partial.lemmatize(t.form, t.tag) !== t.lemma) exceptions.push([`${t.form}\t${t.tag}`, t.lemma]);
    // A lowercase exception also serves capitalized forms; where that is wrong, the capitalized form gets its own.
    const withLower = new Lemmatizer({ maxSuffix: o.maxSuffix, cases, rules, exceptions });
    for (const t of types) if (withLower.lemmatize(t.form, t.tag) !== t.lemma) exceptions.push([`${t.form}\t${t.tag}`, t.lemma]);
    return new Lemmatizer({ maxSuffix: o.maxSuffix, cases, rules, exceptions });
  }

  /** The lemma of `form` tagged `tag`. */
  lemmatize(form: string, tag: string): string {
    const exact = this.exceptions.get(form + '\t' + tag);
    if (exact !== undefined) return exact;
    const cc = caseClass(form);
    const op = this.cases.get(tag + '\t' + cc) ?? this.cases.get('*\t' + cc) ?? 'keep';
    const f = applyCase(form, op);
    if (op === 'lower' && f !== form) {
      const viaLower = this.exceptions.get(f + '\t' + tag);
      if (viaLower !== undefined) return viaLower;
    }
    for (let l = Math.min(this.maxSuffix, f.length); l >= 0; l--) {
      const r = this.rules.get(tag + '\t' + f.slice(f.length - l));
      if (r === undefined) continue;
      if (r.strip > f.length) return f;
      const stem = f.slice(0, f.length - r.strip);
      const last = stem.charCodeAt(stem.length - 1);
      const lemma = stem + r.add;
      // Never cut a surrogate pair in half, and never return an empty lemma for a non-empty word.
      return (last >= 0xd800 && last <= 0xdbff) || lemma === '' ? f : lemma;
    }
    return f;
  }

  toJSON(): LemmatizerData {
    return {
      maxSuffix: this.maxSuffix,
      cases: [...this.cases],
      rules: [...this.rules].map(([k, r]) => [k, r.strip, r.add]),
      exceptions: [...this.exceptions],
    };
  }
}
