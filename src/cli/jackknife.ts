import { readFileSync, writeFileSync } from 'node:fs';
import { readConllu, writeConllu } from '../ud/conllu.ts';
import { jackknifeTags } from '../tagger/train/jackknife.ts';
import type { TaggerTrainOptions } from '../tagger/train/train-tagger.ts';
import { logEvent } from './options.ts';

export interface JackknifeRun {
  train: string;
  out: string;
  folds: number;
}

/** `arcparse jackknife`: the training file with UPOS/XPOS/FEATS/LEMMA predicted by k-fold taggers trained with `o`. */
export function runJackknife(o: TaggerTrainOptions, run: JackknifeRun): void {
  const train = readConllu(readFileSync(run.train, 'utf8'), run.train);
  const started = Date.now();
  const tagged = jackknifeTags(train, run.folds, {
    ...o,
    onFold: (f, k, seconds) => logEvent({ event: 'fold', fold: f + 1, of: k, seconds }),
  });
  writeFileSync(run.out, writeConllu(tagged));
  let n = 0, upos = 0, xpos = 0;
  train.forEach((s, i) => s.words.forEach((w, j) => {
    n++;
    if (tagged[i]?.words[j]?.upos === w.upos) upos++;
    if (tagged[i]?.words[j]?.xpos === w.xpos) xpos++;
  }));
  logEvent({ event: 'done', out: run.out, jackknifedUpos: +((100 * upos) / n).toFixed(2), jackknifedXpos: +((100 * xpos) / n).toFixed(2),
    minutes: +((Date.now() - started) / 60000).toFixed(1) });
}
