import { FeatsTable } from '../feats.ts';

/** A training word with its class and the previous word's form and class. */
export interface FeatsToken {
  form: string;
  cls: number;
  feats: string;
  prevForm: string;
  prevCls: number;
}

/** Context entries need this many occurrences. */
const MIN_CONTEXT = 3;
type Counts = Map<string, Map<string, number>>;

const add = (m: Counts, k: string, v: string): void => {
  let inner = m.get(k);
  if (!inner) m.set(k, (inner = new Map()));
  inner.set(v, (inner.get(v) ?? 0) + 1);
};

/** Most frequent value (ties: smallest string) and its count. */
function best(m: Map<string, number>): [string, number] {
  let b = '_', c = 0;
  for (const [v, n] of m) if (n > c || (n === c && v < b)) { b = v; c = n; }
  return [b, c];
}

const sorted = (m: Map<string, string>): [string, string][] => [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1));

/** Learns the FEATS table (see feats.ts) from gold tokens; numClasses bounds the class ids. */
export function learnFeatsTable(tokens: Iterable<FeatsToken>, numClasses: number): FeatsTable {
  const formCounts: Counts = new Map(), prevClassCounts: Counts = new Map(), prevWordCounts: Counts = new Map();
  const classCounts: Counts = new Map();
  const list = [...tokens];
  for (const t of list) {
    add(classCounts, String(t.cls), t.feats);
    const lower = t.form.toLowerCase();
    add(formCounts, `${t.form}\t${t.cls}`, t.feats);
    if (lower !== t.form) add(formCounts, `${lower}\t${t.cls}`, t.feats);
    add(prevClassCounts, `${lower}\t${t.cls}\t${t.prevCls}`, t.feats);
    add(prevWordCounts, `${lower}\t${t.cls}\t${t.prevForm.toLowerCase()}`, t.feats);
  }
  const byClass = Array.from({ length: numClasses }, (_, c) => { const m = classCounts.get(String(c)); return m ? best(m)[0] : '_'; });
  const chosen = new Map<string, string>();
  for (const [k, m] of formCounts) chosen.set(k, best(m)[0]);
  const byForm = new Map<string, string>();
  for (const [k, f] of chosen) {
    const cls = Number(k.slice(k.lastIndexOf('\t') + 1));
    // Stored only where the lookup's fallback (lowercased form, then class) would say otherwise.
    const fallback = k === k.toLowerCase() ? byClass[cls] : chosen.get(k.toLowerCase()) ?? byClass[cls];
    if (f !== fallback) byForm.set(k, f);
  }
  const base = new FeatsTable({ byClass, byForm: [...byForm], byPrevClass: [], byPrevWord: [] });
  const byPrevClass = contextEntries(prevClassCounts, (k) => base.lookupForm(k.slice(0, k.indexOf('\t')), Number(k.split('\t')[1])));
  const withClass = new FeatsTable({ byClass, byForm: [...byForm], byPrevClass: [...byPrevClass], byPrevWord: [] });
  const prevClassOf = new Map<string, number>();
  for (const t of list) prevClassOf.set(`${t.form.toLowerCase()}\t${t.cls}\t${t.prevForm.toLowerCase()}`, t.prevCls);
  const byPrevWord = contextEntries(prevWordCounts, (k) => {
    const [form = '', cls = '0'] = k.split('\t');
    return withClass.feats(form, Number(cls), '\u0000', prevClassOf.get(k) ?? -1);
  });
  return new FeatsTable({ byClass, byForm: sorted(byForm), byPrevClass: sorted(byPrevClass), byPrevWord: sorted(byPrevWord) });
}

/** Context entries seen often enough whose majority differs from what the lookup says without them. */
function contextEntries(counts: Counts, fallback: (key: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, m] of counts) {
    let total = 0;
    for (const n of m.values()) total += n;
    if (total < MIN_CONTEXT) continue;
    const [f, n] = best(m);
    const fb = fallback(k);
    if (f !== fb && n > (m.get(fb) ?? 0)) out.set(k, f);
  }
  return out;
}
