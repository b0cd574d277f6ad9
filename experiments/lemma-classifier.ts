/**
 * Experiment (issue 8, lever 7): an edit-script classifier for the lemmas of words the lemma table
 * has not seen with their tag, against the shipped rules (most frequent "strip n, add s" per
 * (tag, longest known suffix)). Known (form, tag) pairs keep the table's lemma either way.
 * Usage: npx tsx experiments/lemma-classifier.ts PRED_DEV.conllu   (ARCPARSE_DATA: treebank dir)
 * PRED_DEV.conllu is the dev file tagged by the shipped tagger (`arcparse parse dev.conllu`), so the
 * "predicted tags" column equals `arcparse evaluate --tags predicted`'s LEMMA score.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CaseOp, applyCase, caseClass } from '../src/tagger/lemmatizer.ts';
import { learnTaggerLemmatizer } from '../src/tagger/train/training-data.ts';
import { DEFAULT_LEMMATIZER_OPTIONS } from '../src/tagger/train/learn-lemmatizer.ts';
import { readConllu } from '../src/ud/conllu.ts';

const dataDir = process.env.ARCPARSE_DATA ?? '../shared/data/ud-english-ewt';
const train = readConllu(readFileSync(join(dataDir, 'en_ewt-ud-train.conllu'), 'utf8'));
const dev = readConllu(readFileSync(join(dataDir, 'en_ewt-ud-dev.conllu'), 'utf8'));
const pred = readConllu(readFileSync(process.argv[2]!, 'utf8'));
const tagOf = (w: { upos: string; xpos: string }): string => (w.xpos === '_' ? w.upos : w.xpos);

const rules = learnTaggerLemmatizer(train, DEFAULT_LEMMATIZER_OPTIONS);
const cases = new Map(rules.toJSON().cases);
const caseOp = (form: string, tag: string): CaseOp => cases.get(tag + '\t' + caseClass(form)) ?? cases.get('*\t' + caseClass(form)) ?? 'keep';

// Training types: (form, tag) → majority lemma, with frequency.
const counts = new Map<string, Map<string, number>>();
for (const s of train) for (const w of s.words) {
  const k = w.form + '\t' + tagOf(w);
  let m = counts.get(k);
  if (!m) counts.set(k, (m = new Map()));
  m.set(w.lemma, (m.get(w.lemma) ?? 0) + 1);
}
interface Type { form: string; tag: string; lemma: string; freq: number }
const types: Type[] = [];
for (const [k, m] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  const [form, tag] = k.split('\t') as [string, string];
  let best = '', bc = -1, total = 0;
  for (const [l, c] of m) { total += c; if (c > bc || (c === bc && l < best)) { best = l; bc = c; } }
  types.push({ form, tag, lemma: best, freq: total });
}
const known = new Set(types.map((t) => t.form + '\t' + t.tag));

/** Edit class "removed\tadded" turning the case-adjusted form into the lemma. */
function editOf(f: string, lemma: string): string {
  let i = 0;
  const n = Math.min(f.length, lemma.length);
  while (i < n && f.charCodeAt(i) === lemma.charCodeAt(i)) i++;
  return f.slice(i) + '\t' + lemma.slice(i);
}
function applyEdit(f: string, edit: string): string {
  const [rm, add] = edit.split('\t') as [string, string];
  return f.slice(0, f.length - rm.length) + add;
}

function featuresOf(f: string, tag: string): string[] {
  const out = ['b', 'T' + tag, 'c' + caseClass(f), 'L' + Math.min(f.length, 10)];
  for (let k = 1; k <= 7 && k <= f.length; k++) {
    const s = f.slice(f.length - k);
    out.push('S' + k + s, 'TS' + k + tag + '|' + s);
  }
  out.push('P' + f.slice(0, 2).toLowerCase());
  if (/[-]/.test(f)) out.push('hy');
  if (/\d/.test(f)) out.push('dg');
  return out;
}

/** Averaged perceptron over edit classes; candidates are the classes whose removed part ends the form. */
class EditPerceptron {
  w = new Map<string, number>();
  total = new Map<string, number>();
  t = 0;
  byLast = new Map<string, string[]>();
  constructor(classes: Iterable<string>) {
    for (const c of [...new Set(classes)].sort()) {
      const rm = c.split('\t')[0]!;
      const key = rm.slice(-1);
      let a = this.byLast.get(key);
      if (!a) this.byLast.set(key, (a = []));
      a.push(c);
    }
  }
  candidates(f: string): string[] {
    const out = [...(this.byLast.get('') ?? [])];
    for (const c of this.byLast.get(f.slice(-1)) ?? []) {
      const [rm, add] = c.split('\t') as [string, string];
      if (f.endsWith(rm) && (f.length > rm.length || add !== '')) out.push(c);
    }
    return out;
  }
  score(feats: string[], c: string, avg: boolean): number {
    let s = 0;
    for (const f of feats) {
      const k = f + '\u0001' + c;
      const w = this.w.get(k) ?? 0;
      // The averaged weight is w − acc/t (see update).
      s += avg ? w - (this.total.get(k) ?? 0) / Math.max(1, this.t) : w;
    }
    return s;
  }
  best(feats: string[], cands: string[], avg: boolean): string {
    let bestC = cands[0]!, bestS = -Infinity;
    for (const c of cands) {
      const s = this.score(feats, c, avg);
      if (s > bestS || (s === bestS && c < bestC)) { bestS = s; bestC = c; }
    }
    return bestC;
  }
  update(feats: string[], c: string, delta: number): void {
    for (const f of feats) {
      const k = f + '\u0001' + c;
      // Averaging trick (Daumé): keep the sum of t·Δ so that the average is w − acc/t.
      this.w.set(k, (this.w.get(k) ?? 0) + delta);
      this.total.set(k, (this.total.get(k) ?? 0) + this.t * delta);
    }
  }
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function trainClassifier(maxFreq: number, epochs: number, seed: number): EditPerceptron {
  const data = types.filter((t) => t.freq <= maxFreq).map((t) => {
    const f = applyCase(t.form, caseOp(t.form, t.tag));
    return { f, tag: t.tag, edit: editOf(f, t.lemma) };
  });
  // Edit classes seen with fewer than MIN_CLASS types (e.g. "Thu" → "Thursday") are not offered.
  const classCount = new Map<string, number>();
  for (const d of data) classCount.set(d.edit, (classCount.get(d.edit) ?? 0) + 1);
  const minClass = Number(process.env.MIN_CLASS ?? 1);
  const p = new EditPerceptron(data.map((d) => d.edit).filter((e) => classCount.get(e)! >= minClass));
  const rnd = mulberry32(seed);
  for (let e = 0; e < epochs; e++) {
    for (let i = data.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [data[i], data[j]] = [data[j]!, data[i]!]; }
    for (const d of data) {
      p.t++;
      const feats = featuresOf(d.f, d.tag);
      const cands = p.candidates(d.f);
      if (!cands.includes(d.edit)) continue;
      const guess = p.best(feats, cands, false);
      if (guess !== d.edit) { p.update(feats, d.edit, 1); p.update(feats, guess, -1); }
    }
  }
  return p;
}

type Lemmatize = (form: string, tag: string) => string;
function withClassifier(p: EditPerceptron): Lemmatize {
  return (form, tag) => {
    if (known.has(form + '\t' + tag)) return rules.lemmatize(form, tag);
    const op = caseOp(form, tag);
    const f = applyCase(form, op);
    if (op === 'lower' && known.has(f + '\t' + tag)) return rules.lemmatize(form, tag);
    const cands = p.candidates(f);
    if (cands.length === 0) return f;
    const lemma = applyEdit(f, p.best(featuresOf(f, tag), cands, true));
    return lemma === '' ? f : lemma;
  };
}

function score(lem: Lemmatize): { gold: number; pred: number; goldUnseen: string } {
  let n = 0, okGold = 0, okPred = 0, unseen = 0, okUnseen = 0;
  dev.forEach((s, si) => s.words.forEach((w, i) => {
    const pw = pred[si]!.words[i]!;
    if (pw.form !== w.form) throw new Error('the predicted file does not match dev');
    n++;
    const g = lem(w.form, tagOf(w));
    if (g === w.lemma) okGold++;
    if (lem(w.form, tagOf(pw)) === w.lemma) okPred++;
    if (!known.has(w.form + '\t' + tagOf(w))) { unseen++; if (g === w.lemma) okUnseen++; }
  }));
  return { gold: (100 * okGold) / n, pred: (100 * okPred) / n, goldUnseen: `${okUnseen}/${unseen}` };
}

const show = (name: string, r: ReturnType<typeof score>): void =>
  console.log(`${name.padEnd(40)} gold tags ${r.gold.toFixed(2)}  predicted tags ${r.pred.toFixed(2)}  unseen (gold tags) ${r.goldUnseen}`);
show('rules (shipped)', score((f, t) => rules.lemmatize(f, t)));
const variants = (process.env.VARIANTS ?? '1:10,2:10,3:10,5:10,1000000:10').split(',');
for (const v of variants) {
  const [maxFreq, epochs] = v.split(':').map(Number) as [number, number];
  const t0 = Date.now();
  const p = trainClassifier(maxFreq, epochs, 1);
  show(`classifier, types freq<=${maxFreq}, ${epochs} ep (${((Date.now() - t0) / 1000).toFixed(0)} s)`, score(withClassifier(p)));
}
if (process.env.SHOW_ERRORS) {
  const p = trainClassifier(Number(process.env.SHOW_ERRORS), 5, 1);
  const lem = withClassifier(p);
  const errs: string[] = [];
  for (const s of dev) for (const w of s.words) {
    if (known.has(w.form + '\t' + tagOf(w))) continue;
    const a = rules.lemmatize(w.form, tagOf(w)), b = lem(w.form, tagOf(w));
    if (a !== w.lemma || b !== w.lemma) errs.push(`${w.form}/${tagOf(w)} gold=${w.lemma} rules=${a}${a === w.lemma ? '✓' : ''} clf=${b}${b === w.lemma ? '✓' : ''}`);
  }
  console.log(errs.join('\n'));
}
