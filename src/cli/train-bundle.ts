/**
 * `arcparse train bundle`: one command for a whole model bundle from a UD treebank's train and dev
 * CoNLL-U: the tokenizer and sentence splitter (language data learned from the treebank), the tagger
 * (with lemmatizer and FEATS), k-fold jackknifed tags for the parser's training data (or none: `--folds 0`), the parser, the
 * precomputed-row measurements; then the bundle is scored on dev from raw text and with gold tokens,
 * and model cards are written (data, license and attribution from the README and LICENSE beside the
 * training file, the command, wall time and scores). Defaults are scaled by the training data size
 * (bundleDefaults); every trainer stops early on dev.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import cliProgress from 'cli-progress';
import { loadParserSync } from '../api/parser.ts';
import { BUNDLE_FILE } from '../api/models.ts';
import { DEFAULT_COVERAGE } from '../model/precompute-rows.ts';
import { saveModel } from '../parser/train/save-parser.ts';
import { DEFAULT_TRAIN_OPTIONS, type ParserTrainOptions, finishParser, trainParser } from '../parser/train/train-parser.ts';
import { JACKKNIFE_EPOCHS, jackknifeTags } from '../tagger/train/jackknife.ts';
import { DEFAULT_TAGGER_OPTIONS, type TaggerTrainOptions, trainTagger } from '../tagger/train/train-tagger.ts';
import { Tagger } from '../tagger/tagger.ts';
import { DEFAULT_SPLITTER_OPTIONS, type SplitterTrainOptions, languageCodeOf, trainSentenceSplitter } from '../tokenizer/train/train-splitter.ts';
import { readConllu } from '../ud/conllu.ts';
import { scoreSystem } from '../ud/e2e-score.ts';
import { rawTextOf } from '../ud/raw-text.ts';
import { toSentences } from '../ud/to-conllu.ts';
import type { Sentence } from '../ud/types.ts';
import { scoreParses } from '../ud/attachment-score.ts';
import { logEvent } from './options.ts';
import { runPrecompute } from './precompute.ts';

export interface BundleRun {
  train: string;
  dev: string;
  out: string;
  /** Bundle name (default: the out directory's name). */
  name?: string | undefined;
  /** ISO 639 code (default: from the training file's name, `fr_sequoia-ud-train.conllu` → fr). */
  languageCode?: string | undefined;
  /**
   * Jackknifing folds for the parser's training tags (≥ 2); 0: no jackknifing, the parser trains on the
   * gold tags and is selected on gold-tagged dev (on Sequoia this scored as well with predicted tags).
   */
  folds: number;
  /** Tagger epochs per jackknifing fold (default JACKKNIFE_EPOCHS). */
  jackknifeEpochs?: number | undefined;
  seed: number;
  /** Overrides of the size-scaled defaults. */
  parserEpochs?: number | undefined;
  taggerEpochs?: number | undefined;
  tokenizerEpochs?: number | undefined;
  /** Parser oracle (default static). */
  parserOracle?: ParserTrainOptions['oracle'] | undefined;
  /** After local training: beam width of the parser's globally normalised output layer (0 or absent: none). */
  parserGlobalWidth?: number | undefined;
  /** Epochs of that global training (default DEFAULT_TRAIN_OPTIONS.globalEpochs). */
  parserGlobalEpochs?: number | undefined;
  /** Fit the parser's temperature on dev. */
  parserCalibrate?: boolean | undefined;
  /**
   * Parser transition system: arc-standard with pseudo-projective lifting (the default), or arc-swap,
   * which builds non-projective trees itself (no lifting).
   */
  parserSystem?: ParserTrainOptions['system'] | undefined;
  progress: boolean;
  /** The command line, recorded in every manifest and card. */
  command: string;
}

export interface BundleDefaults {
  tokenizer: Partial<SplitterTrainOptions>;
  tagger: Partial<TaggerTrainOptions>;
  parser: Partial<ParserTrainOptions>;
}

/** Below this many training sentences a treebank is small: more epochs, more regularisation, more patience. */
export const SMALL_TREEBANK = 5000;

/**
 * Training options scaled by the number of training sentences. Large treebanks (EWT, 12,544
 * sentences) get the settings of the shipped English models; small ones (Sequoia, 2,231) more
 * epochs and patience (each epoch is short) and a faster-moving weight average. Early stopping on
 * dev ends every trainer before its maximum.
 */
export function bundleDefaults(trainSentences: number): BundleDefaults {
  const small = trainSentences < SMALL_TREEBANK;
  return {
    tokenizer: { epochs: small ? 10 : 6, patience: 3 },
    tagger: { epochs: small ? 20 : 12, patience: small ? 4 : 3 },
    parser: {
      epochs: small ? 30 : 16, patience: small ? 5 : 4, dropout: 0.5, inputDropout: 0.2,
      emaDecay: small ? 0.999 : 0.9995,
    },
  };
}

/** What a treebank's README and LICENSE say about it, for the model cards. */
export interface TreebankInfo {
  title: string;
  description: string;
  license: string;
  licenseFile?: string | undefined;
}

/** The title, first paragraph and license of the treebank beside `trainFile` (its README.md / LICENSE.txt). */
export function readTreebankInfo(trainFile: string): TreebankInfo {
  const dir = dirname(trainFile);
  const readme = ['README.md', 'README.txt', 'README'].map((f) => join(dir, f)).find((f) => existsSync(f));
  const licenseFile = ['LICENSE.txt', 'LICENSE', 'LICENSE.md'].map((f) => join(dir, f)).find((f) => existsSync(f));
  const text = readme ? readFileSync(readme, 'utf8') : '';
  const title = /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? basename(trainFile).replace(/-ud-train\.conllu$/, '');
  const paragraphs = text.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p !== '' && !p.startsWith('#') && !p.startsWith('|') && !p.startsWith('==='));
  const description = (paragraphs[0] ?? '').replace(/\s*\n\s*/g, ' ');
  const licenseLine = /^License:\s*(.+)$/mi.exec(text)?.[1]?.trim();
  const licenseHead = licenseFile ? readFileSync(licenseFile, 'utf8').split('\n').map((l) => l.trim()).find((l) => l !== '') : undefined;
  return { title, description, license: licenseLine ?? licenseHead ?? 'unknown (no README or LICENSE beside the training file)', licenseFile: licenseFile ? basename(licenseFile) : undefined };
}

/** One progress bar for every stage, on stderr (a TTY only; the JSON event lines carry the same news). */
class StageProgress {
  private readonly bar: cliProgress.SingleBar | undefined;
  private running = false;

  constructor(enabled: boolean) {
    this.bar = enabled ? new cliProgress.SingleBar({
      format: '{stage} [{bar}] {percentage}% | {detail} | {duration_formatted}', noTTYOutput: false, stream: process.stderr, hideCursor: true,
    }, cliProgress.Presets.shades_classic) : undefined;
  }

  stage(name: string, total: number, detail = ''): void {
    if (!this.bar) return;
    if (this.running) this.bar.stop();
    this.bar.start(Math.max(total, 1), 0, { stage: name.padEnd(10), detail });
    this.running = true;
  }

  update(value: number, detail: string): void {
    this.bar?.update(value, { detail });
  }

  stop(): void {
    if (this.bar && this.running) this.bar.stop();
    this.running = false;
  }
}

const r2 = (x: number | undefined): number => Math.round((x ?? 0) * 100) / 100;

export interface BundleScores {
  tokenizer: { sentenceF1: number };
  tagger: { upos: number; xpos: number; lemma: number; feats: number };
  /** Absent when the parser trained on gold tags (folds 0). */
  jackknife?: { upos: number; folds: number; epochs: number } | undefined;
  parser: { las: number; uas: number; bestEpoch: number; devTags: 'predicted' | 'gold'; beamLas?: number; beamWidth?: number };
  rawText: { tokens: number; words: number; sentences: number; upos: number; xpos: number; lemmas: number; uas: number; las: number };
  goldTokens: { goldTagsLas: number; goldTagsUas: number; predictedTagsLas: number };
  /** With a global layer: the same with beam decoding at its width. */
  beam?: { width: number; rawTextLas: number; goldTagsLas: number; goldTagsUas: number; predictedTagsLas: number } | undefined;
}

/** `arcparse train bundle`. Returns the dev scores (also written into the cards and bundle.json). */
export function runTrainBundle(run: BundleRun): BundleScores {
  const started = Date.now();
  if (!Number.isInteger(run.folds) || run.folds === 1 || run.folds < 0) throw new Error(`--folds must be 0 (gold tags) or at least 2, not ${run.folds}`);
  const train = readConllu(readFileSync(run.train, 'utf8'), run.train);
  const dev = readConllu(readFileSync(run.dev, 'utf8'), run.dev);
  const defaults = bundleDefaults(train.length);
  const name = run.name ?? basename(run.out);
  const language = run.languageCode ?? languageCodeOf(run.train);
  const info = readTreebankInfo(run.train);
  const progress = new StageProgress(run.progress && process.stderr.isTTY === true);
  const seconds: Record<string, number> = {};
  const timed = <T>(stage: string, f: () => T): T => {
    const t = Date.now();
    const out = f();
    seconds[stage] = Math.round((Date.now() - t) / 1000);
    return out;
  };
  mkdirSync(run.out, { recursive: true });
  logEvent({ event: 'bundle', name, language, trainSentences: train.length, devSentences: dev.length, small: train.length < SMALL_TREEBANK });

  // 1. Tokenizer and sentence splitter.
  const tokOpts: SplitterTrainOptions = { ...DEFAULT_SPLITTER_OPTIONS, ...defaults.tokenizer, seed: run.seed,
    ...(run.tokenizerEpochs !== undefined ? { epochs: run.tokenizerEpochs } : {}) };
  progress.stage('tokenizer', tokOpts.epochs);
  const tok = timed('tokenizer', () => trainSentenceSplitter({ train: run.train, dev: run.dev, out: join(run.out, 'tokenizer'), languageCode: language }, tokOpts, {
    command: run.command,
    hooks: {
      onEpoch: (e) => {
        progress.update(e.epoch, `epoch ${e.epoch} dev sentence F1 ${e.dev.toFixed(2)}`);
        logEvent({ event: 'tokenizer-epoch', epoch: e.epoch, loss: +e.loss.toFixed(4), devSentenceF1: +e.dev.toFixed(2) });
      },
    },
  }));
  const tokenizerScores = { sentenceF1: r2(tok.devF1) };
  progress.stop();
  logEvent({ event: 'tokenizer', ...tokenizerScores, seconds: seconds.tokenizer });

  // 2. Tagger, lemmatizer and FEATS.
  const tagOpts: TaggerTrainOptions = { ...DEFAULT_TAGGER_OPTIONS, ...defaults.tagger, seed: run.seed,
    ...(run.taggerEpochs !== undefined ? { epochs: run.taggerEpochs } : {}) };
  const taggerDir = join(run.out, 'tagger');
  progress.stage('tagger', tagOpts.epochs);
  const taggerScores = timed('tagger', () => trainTagger(train, dev, taggerDir, tagOpts, {
    command: run.command,
    hooks: {
      onProgress: (epoch, done, total) => progress.update(epoch - 1 + done / Math.max(total, 1), `epoch ${epoch}`),
      onEpoch: (e) => {
        progress.update(e.epoch, `epoch ${e.epoch} dev UPOS ${e.dev ? e.dev.upos.toFixed(2) : '-'}`);
        logEvent({ event: 'tagger-epoch', epoch: e.epoch, loss: +e.loss.toFixed(4), upos: e.dev ? +e.dev.upos.toFixed(2) : undefined });
      },
    },
  }));
  progress.stop();
  logEvent({ event: 'tagger', ...taggerScores, seconds: seconds.tagger });

  // 3. Jackknifed tags: the parser trains on tags with the tagger's kind of mistakes (folds 0: on the gold tags).
  const jackknifed = run.folds > 0;
  const parserDevTags: BundleScores['parser']['devTags'] = jackknifed ? 'predicted' : 'gold';
  let parserTrain: Sentence[] = train;
  let jackknifeScores: BundleScores['jackknife'];
  if (jackknifed) {
    progress.stage('jackknife', run.folds);
    parserTrain = timed('jackknife', () => jackknifeTags(train, run.folds, {
      seed: run.seed, epochs: run.jackknifeEpochs ?? JACKKNIFE_EPOCHS,
      onFold: (f, k, s) => {
        progress.update(f + 1, `fold ${f + 1}/${k}`);
        logEvent({ event: 'jackknife-fold', fold: f + 1, of: k, seconds: Math.round(s) });
      },
    }));
    progress.stop();
    jackknifeScores = { upos: r2(tagAgreement(train, parserTrain)), folds: run.folds, epochs: run.jackknifeEpochs ?? JACKKNIFE_EPOCHS };
    logEvent({ event: 'jackknife', ...jackknifeScores, seconds: seconds.jackknife });
  }
  const trainTags = jackknifed ? `jackknifed (${run.folds} folds)` : 'gold';

  // 4. Parser, selected on dev with the new tagger's tags (with the gold tags when it trains on them).
  const devTagged = jackknifed ? Tagger.load(taggerDir).tagSentences(dev) : dev;
  const devTags = jackknifed ? 'predicted (the bundle tagger)' : 'gold';
  const parserOpts: ParserTrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...defaults.parser, seed: run.seed,
    ...(run.parserEpochs !== undefined ? { epochs: run.parserEpochs } : {}), ...(run.parserOracle !== undefined ? { oracle: run.parserOracle } : {}),
    ...(run.parserGlobalWidth !== undefined ? { globalWidth: run.parserGlobalWidth } : {}),
    ...(run.parserGlobalEpochs !== undefined ? { globalEpochs: run.parserGlobalEpochs } : {}),
    ...(run.parserCalibrate ? { calibrate: true } : {}),
    ...(run.parserSystem === 'arc-swap' ? { system: 'arc-swap', pseudoProjective: 'none' } : {}) };
  const parserDir = join(run.out, 'parser');
  let bestEpoch = 0;
  progress.stage('parser', parserOpts.epochs);
  const trained = timed('parser', () => trainParser(parserTrain, devTagged, parserOpts, {
    onProgress: (epoch, done, total) => progress.update(epoch - 1 + done / Math.max(total, 1), `epoch ${epoch}`),
    onBest: (model, epoch, scores) => {
      bestEpoch = epoch;
      saveModel(model, parserDir, {
        command: run.command, bestEpoch: epoch, dev: scores, devTags,
        trainTags, options: parserOpts, trainSentences: train.length,
        seconds: Math.round((Date.now() - started) / 1000),
      });
    },
    onEpoch: (e) => {
      progress.update(e.epoch, `epoch ${e.epoch} dev LAS ${e.dev.las.toFixed(2)}`);
      logEvent({ event: 'parser-epoch', epoch: e.epoch, loss: +e.loss.toFixed(4), uas: +e.dev.uas.toFixed(2), las: +e.dev.las.toFixed(2), seconds: e.seconds });
    },
  }));
  progress.stop();
  let beamLas: number | undefined;
  if (parserOpts.globalWidth > 0 || parserOpts.calibrate) {
    // The global layer learns from the same training tags, and is selected on the same tagged dev.
    const done = timed('parserGlobal', () => finishParser(trained.model, parserTrain, devTagged, parserOpts, {
      onGlobalEpoch: (i) => logEvent({ event: 'parser-global-epoch', epoch: i.epoch, las: +i.dev.las.toFixed(2), uas: +i.dev.uas.toFixed(2), seconds: i.seconds }),
    }));
    if (done.calibration) logEvent({ event: 'parser-calibration', ...done.calibration });
    beamLas = done.global ? r2(done.global.las) : undefined;
    saveModel(done.model, parserDir, {
      command: run.command, bestEpoch, dev: trained.best, beamDev: done.global, calibration: done.calibration, devTags,
      trainTags, options: parserOpts, trainSentences: train.length,
      seconds: Math.round((Date.now() - started) / 1000),
    });
  }
  const parserScores = { las: r2(trained.best?.las), uas: r2(trained.best?.uas), bestEpoch, devTags: parserDevTags, ...(beamLas !== undefined ? { beamLas, beamWidth: parserOpts.globalWidth } : {}) };
  logEvent({ event: 'parser', ...parserScores, seconds: seconds.parser });

  // 5. Precomputed rows, then the whole bundle on dev.
  timed('precompute', () => runPrecompute({ model: run.out, train: run.train, coverage: DEFAULT_COVERAGE, maxRows: 8192 }));
  progress.stage('evaluate', 3);
  const parser = loadParserSync(run.out.includes('/') ? run.out : `./${run.out}`, { eager: true });
  const e2e = scoreSystem(dev, toSentences(parser.parse(rawTextOf(dev))));
  progress.update(1, 'raw text');
  const goldTags = scoreParses(dev, parser.parseConllu(dev, { keepTags: true }));
  progress.update(2, 'gold tokens and tags');
  const predTags = scoreParses(dev, parser.parseConllu(dev, { keepTags: false }));
  progress.update(3, 'gold tokens, predicted tags');
  progress.stop();
  const width = parserOpts.globalWidth;
  const beam = width > 0 ? (() => {
    const e2eBeam = scoreSystem(dev, toSentences(parser.parse(rawTextOf(dev), { beam: width })));
    const gold = scoreParses(dev, parser.parseConllu(dev, { keepTags: true, beam: width }));
    const pred = scoreParses(dev, parser.parseConllu(dev, { keepTags: false, beam: width }));
    return { width, rawTextLas: r2(e2eBeam.las.f1), goldTagsLas: r2(gold.las), goldTagsUas: r2(gold.uas), predictedTagsLas: r2(pred.las) };
  })() : undefined;
  const f1 = (s: { f1: number }): number => r2(s.f1);
  const scores: BundleScores = {
    tokenizer: tokenizerScores, tagger: taggerScores, ...(jackknifeScores ? { jackknife: jackknifeScores } : {}), parser: parserScores,
    rawText: { tokens: f1(e2e.tokens), words: f1(e2e.words), sentences: f1(e2e.sentences), upos: f1(e2e.upos), xpos: f1(e2e.xpos),
      lemmas: f1(e2e.lemmas), uas: f1(e2e.uas), las: f1(e2e.las) },
    goldTokens: { goldTagsLas: r2(goldTags.las), goldTagsUas: r2(goldTags.uas), predictedTagsLas: r2(predTags.las) },
    ...(beam ? { beam } : {}),
  };
  const minutes = (Date.now() - started) / 60000;
  writeFileSync(join(run.out, BUNDLE_FILE), JSON.stringify({
    name, language, treebank: info.title, license: info.license, trainFile: basename(run.train), devFile: basename(run.dev),
    trainSentences: train.length, command: run.command, scores,
  }, null, 2) + '\n');
  writeCards(run, { name, language, info, scores, seconds, minutes, trainSentences: train.length, devSentences: dev.length, opts: { tokOpts, tagOpts, parserOpts } });
  logEvent({ event: 'done', out: run.out, minutes: +minutes.toFixed(1), scores });
  return scores;
}

function tagAgreement(gold: readonly Sentence[], pred: readonly Sentence[]): number {
  let n = 0, same = 0;
  gold.forEach((s, i) => s.words.forEach((w, j) => { n++; if (pred[i]?.words[j]?.upos === w.upos) same++; }));
  return n > 0 ? (100 * same) / n : 0;
}

interface CardData {
  name: string;
  language: string;
  info: TreebankInfo;
  scores: BundleScores;
  seconds: Record<string, number>;
  minutes: number;
  trainSentences: number;
  devSentences: number;
  opts: { tokOpts: SplitterTrainOptions; tagOpts: TaggerTrainOptions; parserOpts: ParserTrainOptions };
}

/** The card's shell block: the recorded command, long lines cut before each `--` option after the first three words. */
function commandBlock(command: string): string {
  const parts = command.split(' --');
  return '```sh\n' + parts.join(' \\\n  --') + '\n```\n';
}

function dataSection(d: CardData, run: BundleRun): string {
  return `## Data and license
Trained on **${d.info.title}** (\`${basename(run.train)}\`, ${d.trainSentences} sentences; model selection and the scores
below on \`${basename(run.dev)}\`, ${d.devSentences} sentences). ${d.info.description}

License of the data: **${d.info.license}**${d.info.licenseFile ? ` (${d.info.licenseFile} beside the treebank)` : ''}. This model is derived
from that data and is shared under the same license, with this attribution.
`;
}

function writeCards(run: BundleRun, d: CardData): void {
  const s = d.scores;
  const cmd = `## Training command
The command that made this bundle (every component's \`manifest.json\` records it; \`arcparse train bundle --help\` lists the options):
${commandBlock(run.command)}
Wall time: ${d.minutes.toFixed(1)} minutes on the 2-core development machine (tokenizer ${d.seconds.tokenizer ?? 0} s, tagger ${d.seconds.tagger ?? 0} s,
${d.seconds.jackknife !== undefined ? `jackknifing ${d.seconds.jackknife} s, ` : ''}parser ${d.seconds.parser ?? 0} s${d.seconds.parserGlobal !== undefined ? `, parser global layer ${d.seconds.parserGlobal} s` : ''}, precompute ${d.seconds.precompute ?? 0} s).
`;
  const table = `## Dev scores
From raw text (the dev file's text rebuilt as the CoNLL 2018 shared task does; \`arcparse evaluate --model ${run.out} --gold ${run.dev} --from text\`):

| tokens | words | sentences | UPOS | XPOS | lemmas | UAS | LAS |
|---|---|---|---|---|---|---|---|
| ${s.rawText.tokens.toFixed(2)} | ${s.rawText.words.toFixed(2)} | ${s.rawText.sentences.toFixed(2)} | ${s.rawText.upos.toFixed(2)} | ${s.rawText.xpos.toFixed(2)} | ${s.rawText.lemmas.toFixed(2)} | ${s.rawText.uas.toFixed(2)} | ${s.rawText.las.toFixed(2)} |

With gold tokens (\`arcparse evaluate --model ${run.out} --gold ${run.dev}\`, add \`--tags predicted\` for the tagger's tags):
LAS ${s.goldTokens.goldTagsLas.toFixed(2)} (UAS ${s.goldTokens.goldTagsUas.toFixed(2)}) with gold tags, LAS ${s.goldTokens.predictedTagsLas.toFixed(2)} with predicted tags.
${s.beam ? `
With beam ${s.beam.width} and the globally trained layer (add \`--beam ${s.beam.width}\` to the commands above): LAS ${s.beam.rawTextLas.toFixed(2)} from raw text,
${s.beam.goldTagsLas.toFixed(2)} (UAS ${s.beam.goldTagsUas.toFixed(2)}) with gold tokens and tags, ${s.beam.predictedTagsLas.toFixed(2)} with predicted tags.
` : ''}
Per component during training: tokenizer dev sentence F1 ${s.tokenizer.sentenceF1.toFixed(2)}; tagger dev UPOS ${s.tagger.upos.toFixed(2)},
XPOS ${s.tagger.xpos.toFixed(2)}, lemmas ${s.tagger.lemma.toFixed(2)}, FEATS ${s.tagger.feats.toFixed(2)}; ${s.jackknife ? `jackknifed train UPOS ${s.jackknife.upos.toFixed(2)}
(${s.jackknife.folds} folds of ${s.jackknife.epochs} epochs)` : 'no jackknifing (the parser trained on the gold tags)'}; parser dev LAS ${s.parser.las.toFixed(2)} with ${s.parser.devTags} tags (best epoch ${s.parser.bestEpoch}).
`;
  const o = d.opts;
  writeFileSync(join(run.out, 'README.md'), `# arcparse ${d.name}: ${d.info.title} (language \`${d.language}\`)

A complete arcparse bundle: \`tokenizer/\` (tokenizer, multiword-token splitter and sentence splitter, with
language data learned from the treebank in \`tokenizer/language.json\`), \`tagger/\` (UPOS, XPOS, FEATS, lemmas)
and \`parser/\` (arc-standard, pseudo-projective). Load it with \`loadParser('${d.name}')\` or
\`arcparse parse --model ${d.name}\` when it is under the package's \`models/\`, or by its path.

${dataSection(d, run)}
${cmd}
${table}`);
  const parts: Record<string, string> = {
    tokenizer: `Tokenizer and sentence splitter. The language data (\`language.json\`: elisions, hyphen clitics, hyphen compounds,
number grouping…) and the lexicon (\`vocab.json\`: whole tokens, multiword tokens such as French \`du\` → \`de le\`,
context-dependent readings) are learned from the treebank's \`# text\`, \`SpaceAfter=No\` and multiword-token lines; the
sentence boundary network is trained for ${o.tokOpts.epochs} epochs at most (patience ${o.tokOpts.patience}). Dev sentence F1 ${d.scores.tokenizer.sentenceF1.toFixed(2)}.`,
    tagger: `Tagger (UPOS, XPOS, FEATS) and lemmatizer, ${o.tagOpts.epochs} epochs at most (patience ${o.tagOpts.patience}), best dev epoch kept.
Dev UPOS ${d.scores.tagger.upos.toFixed(2)}, XPOS ${d.scores.tagger.xpos.toFixed(2)}, lemmas ${d.scores.tagger.lemma.toFixed(2)}, FEATS ${d.scores.tagger.feats.toFixed(2)} (gold tokens).`,
    parser: `${d.scores.jackknife ? `Parser trained on the training trees with ${d.scores.jackknife.folds}-fold jackknifed tags, selected on dev tagged by the bundle's
tagger` : 'Parser trained on the training trees with their gold tags (`--folds 0`), selected on dev with its gold tags'}: ${o.parserOpts.epochs} epochs at most (patience ${o.parserOpts.patience}), dropout ${o.parserOpts.dropout}, input dropout
${o.parserOpts.inputDropout}, weight average ${o.parserOpts.emaDecay}, ${o.parserOpts.oracle} oracle, no pretrained vectors. Dev LAS ${d.scores.parser.las.toFixed(2)} (${d.scores.parser.devTags} tags, best epoch ${d.scores.parser.bestEpoch}).`,
  };
  for (const [part, text] of Object.entries(parts)) {
    writeFileSync(join(run.out, part, 'README.md'), `# arcparse ${d.name} ${part}: ${d.info.title}

${text} Part of the bundle described in \`../README.md\`.

${dataSection(d, run)}
${cmd}
${table}`);
  }
}
