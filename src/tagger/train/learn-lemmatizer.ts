import { type CaseOp, Lemmatizer, applyCase, caseClass } from '../lemmatizer.ts';

/** A (form, tag, lemma) token of the training data; `tag` is the XPOS (or the UPOS without XPOS). */
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

/** The case change that best explains lemma from form. */
function caseOpOf(form: string, lemma: string): CaseOp {
  if (lemma === lemma.toLowerCase()) return form === form.toLowerCase() ? 'keep' : 'lower';
  const f = form.slice(0, 1), l = lemma.slice(0, 1);
  return f !== f.toUpperCase() && l === l.toUpperCase() && f.toUpperCase() === l ? 'title' : 'keep';
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

/** Learns from (form, tag, lemma) tokens; the most frequent lemma per (form, tag) wins. */
export function learnLemmatizer(pairs: Iterable<LemmaPair>, o: LemmatizerOptions = DEFAULT_LEMMATIZER_OPTIONS): Lemmatizer {
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
