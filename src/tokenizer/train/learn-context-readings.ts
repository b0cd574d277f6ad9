import type { Sentence } from '../../ud/types.ts';
import { contextFeatures } from '../multiword.ts';
import type { ContextReading } from '../types.ts';
import { goldTokens } from './gold.ts';

/**
 * Forms that a treebank writes both as one word and as a multiword token (French `des`: the article,
 * or `de` + `les`), decided at tokenization time by the neighbouring forms (multiword.ts,
 * contextFeatures). The model is naive Bayes over those features, stored as log-odds weights: a
 * form gets one when it is frequent on both sides and the model beats always choosing the majority
 * reading in 5-fold cross-validation on the training sentences (no dev data needed).
 */

/** Each reading needs this many occurrences, and the rarer one this share of them. */
const MIN_PER_READING = 10;
const MIN_MINORITY_SHARE = 0.1;
/** Cross-validated accuracy must beat the majority reading by this much (a share of occurrences). */
const MIN_GAIN = 0.01;
/** Additive smoothing of the feature counts. */
const ALPHA = 0.5;
const FOLDS = 5;

interface Occurrence {
  multi: boolean;
  features: string[];
}

/** Log-odds weights of the multiword reading from occurrences (features seen with neither reading are left out). */
function naiveBayes(occ: readonly Occurrence[]): { bias: number; weights: Map<string, number> } {
  const counts = new Map<string, [number, number]>();
  let nMulti = 0, nSingle = 0;
  for (const o of occ) {
    if (o.multi) nMulti++;
    else nSingle++;
    for (const f of o.features) {
      const c = counts.get(f) ?? [0, 0];
      c[o.multi ? 0 : 1]++;
      counts.set(f, c);
    }
  }
  const weights = new Map<string, number>();
  for (const [f, [m, s]] of counts) {
    weights.set(f, Math.log((m + ALPHA) / (nMulti + 2 * ALPHA)) - Math.log((s + ALPHA) / (nSingle + 2 * ALPHA)));
  }
  return { bias: Math.log(Math.max(nMulti, 1) / Math.max(nSingle, 1)), weights };
}

const scoreOf = (m: { bias: number; weights: ReadonlyMap<string, number> }, features: readonly string[]): number =>
  features.reduce((a, f) => a + (m.weights.get(f) ?? 0), m.bias);

/** Share of occurrences the model gets right when each fold is predicted by a model of the others. */
function crossValidated(occ: readonly Occurrence[]): number {
  let right = 0;
  for (let k = 0; k < FOLDS; k++) {
    const model = naiveBayes(occ.filter((_, i) => i % FOLDS !== k));
    occ.forEach((o, i) => { if (i % FOLDS === k && scoreOf(model, o.features) > 0 === o.multi) right++; });
  }
  return right / occ.length;
}

/** Context readings for the forms that need one, except `skip` (forms the lexicon reads by a next-word list). */
export function learnContextReadings(sentences: readonly Sentence[], skip: ReadonlySet<string>): Record<string, ContextReading> {
  const occurrences = new Map<string, Occurrence[]>();
  const readings = new Map<string, Map<string, number>>();
  for (const s of sentences) {
    const tokens = goldTokens(s);
    const forms = tokens.map((t) => t.form);
    tokens.forEach((t, i) => {
      const lower = t.form.toLowerCase();
      if (skip.has(lower) || lower.length > 16) return;
      const list = occurrences.get(lower) ?? [];
      list.push({ multi: t.words.length > 1, features: contextFeatures(forms, i) });
      occurrences.set(lower, list);
      if (t.words.length > 1) {
        const key = t.words.join(' ').toLowerCase();
        const m = readings.get(lower) ?? new Map<string, number>();
        m.set(key, (m.get(key) ?? 0) + 1);
        readings.set(lower, m);
      }
    });
  }
  const out: Record<string, ContextReading> = {};
  for (const [form, occ] of [...occurrences].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const multi = occ.filter((o) => o.multi).length, single = occ.length - multi;
    if (Math.min(multi, single) < MIN_PER_READING || Math.min(multi, single) < MIN_MINORITY_SHARE * occ.length) continue;
    if (crossValidated(occ) < Math.max(multi, single) / occ.length + MIN_GAIN) continue;
    const words = [...(readings.get(form) ?? [])].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
    if (words === undefined) continue;
    const model = naiveBayes(occ);
    out[form] = { words: words.split(' '), bias: round(model.bias), weights: Object.fromEntries([...model.weights].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([f, w]) => [f, round(w)])) };
  }
  return out;
}

/** Weights keep 4 decimals: enough for the decisions, and vocab.json stays small. */
const round = (x: number): number => Math.round(x * 1e4) / 1e4;
