import { readFileSync } from 'node:fs';
import { type Parser, loadParserSync, readConllu, scoreParses, toSentences } from '../index.ts';
import { formatE2EScores, scoreSystem } from '../ud/e2e-score.ts';
import { rawTextOf } from '../ud/raw-text.ts';
import { type TagScores, scoreTags } from '../ud/tag-score.ts';

export interface EvaluateCliOptions {
  gold: string;
  model?: string;
  json?: boolean;
  from: 'conllu' | 'text';
  tags: 'gold' | 'predicted';
  layout: 'paragraphs' | 'one-paragraph';
  /** Beam width (1 = greedy). */
  beam?: number;
}

/**
 * `arcparse evaluate`: with --from conllu, parses the gold tokens (gold tags unless --tags predicted)
 * and prints attachment scores; with --from text, parses the raw text built from the gold file as in
 * the CoNLL 2018 shared task and prints F1 for every level, aligned through character offsets.
 */
export function runEvaluate(opts: EvaluateCliOptions): void {
  const loadStart = performance.now();
  // Every component this evaluation uses is loaded before the clock starts: the speed is parsing's alone.
  const parser = loadParserSync(opts.model, { eager: opts.from === 'text' || opts.tags !== 'gold' });
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const gold = readConllu(readFileSync(opts.gold, 'utf8'), opts.gold);
  if (opts.from === 'text') return evaluateFromText(parser, gold, opts, loadSeconds);
  const start = performance.now();
  const pred = parser.parseConllu(gold, { keepTags: opts.tags === 'gold', beam: opts.beam });
  const seconds = (performance.now() - start) / 1000;
  const s = scoreParses(gold, pred);
  const tagAcc = opts.tags === 'predicted' ? scoreTags(gold, pred) : undefined;
  const result = { ...s, ...(tagAcc ? { upos: tagAcc.upos, xpos: tagAcc.xpos, ufeats: tagAcc.ufeats, feats: tagAcc.feats, lemma: tagAcc.lemma, agreement: tagAcc.agreement } : {}), tags: opts.tags, sentences: gold.length, tokensPerSecond: Math.round(s.words / seconds), parseSeconds: seconds, loadSeconds };
  if (opts.json) {
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  const f = (x: number): string => x.toFixed(2);
  process.stdout.write([
    `gold file        ${opts.gold} (gold tokens, ${opts.tags} tags)`,
    `model            ${parser.info.modelDir}`,
    `words            ${s.words} in ${gold.length} sentences`,
    ...(tagAcc ? tagLines(tagAcc) : []),
    `UAS              ${f(s.uas)}`,
    `LAS              ${f(s.las)}   (universal relation, as the CoNLL 2018 scorer)`,
    `LAS full labels  ${f(s.lasFull)}`,
    `label accuracy   ${f(s.labelAcc)}`,
    `speed            ${result.tokensPerSecond} tokens/s (one thread, ${opts.beam !== undefined && opts.beam > 1 ? `beam ${opts.beam}` : 'greedy'}; model loaded in ${f(loadSeconds)} s)`,
  ].join('\n') + '\n');
}

function tagLines(t: TagScores): string[] {
  const f = (x: number): string => x.toFixed(2);
  const a = t.agreement;
  return [`UPOS             ${f(t.upos)}`, `XPOS             ${f(t.xpos)}`, `UFeats           ${f(t.ufeats)}   (FEATS whole string ${f(t.feats)})`,
    `lemmas           ${f(t.lemma)}`,
    `Person/Number    ${f(a.personNumber)}   (${a.verbs} finite verbs with an nsubj; Person ${f(a.person)}, Number ${f(a.number)})`];
}

function evaluateFromText(parser: Parser, gold: ReturnType<typeof readConllu>, opts: EvaluateCliOptions, loadSeconds: number): void {
  const text = rawTextOf(gold, { layout: opts.layout });
  const start = performance.now();
  const system = toSentences(parser.parse(text, { beam: opts.beam }));
  const seconds = (performance.now() - start) / 1000;
  const s = scoreSystem(gold, system);
  const tokensPerSecond = Math.round(s.words.system / seconds);
  if (opts.json) {
    process.stdout.write(JSON.stringify({ ...s, layout: opts.layout, tokensPerSecond, parseSeconds: seconds, loadSeconds }) + '\n');
    return;
  }
  process.stdout.write(`gold file ${opts.gold}, raw text (${opts.layout})\n${formatE2EScores(s)}\n` +
    `speed ${tokensPerSecond} words/s from raw text (one thread; model loaded in ${loadSeconds.toFixed(2)} s)\n`);
}
