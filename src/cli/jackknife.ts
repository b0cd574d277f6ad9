import { readFileSync, writeFileSync } from 'node:fs';
import { readConllu, writeConllu } from '../ud/conllu.ts';
import { jackknifeTags } from '../tagger/train/jackknife.ts';
import { logEvent } from './options.ts';

/** `arcparse jackknife`: the training file with UPOS/XPOS/FEATS/LEMMA predicted by k-fold taggers. */
export function runJackknife(o: { train: string; folds: number; out: string; seed: number }): void {
  const train = readConllu(readFileSync(o.train, 'utf8'), o.train);
  const started = Date.now();
  const tagged = jackknifeTags(train, o.folds, {
    seed: o.seed,
    onFold: (f, k, seconds) => logEvent({ event: 'fold', fold: f + 1, of: k, seconds }),
  });
  writeFileSync(o.out, writeConllu(tagged));
  let n = 0, upos = 0;
  train.forEach((s, i) => s.words.forEach((w, j) => { n++; if (tagged[i]?.words[j]?.upos === w.upos) upos++; }));
  logEvent({ event: 'done', out: o.out, jackknifedUpos: +((100 * upos) / n).toFixed(2), minutes: +((Date.now() - started) / 60000).toFixed(1) });
}
