/**
 * `arcparse precompute`: measures, for every feature slot of each model in a bundle, how many
 * precomputed hidden-layer rows cover a share of the slot's occurrences in the training data, and
 * records them in the model's manifest (`precompute`), which the loaders read. Run after training;
 * the weights, vocabularies and their checksums are untouched.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createKernels } from '../kernels/index.ts';
import type { ExampleSet } from '../model/train/examples.ts';
import type { Network } from '../model/network.ts';
import { rowBytes } from '../model/precompute.ts';
import { rowsForCoverage } from '../model/precompute-rows.ts';
import { loadModel } from '../parser/serialize.ts';
import { makeParserExamples } from '../parser/train/training-data.ts';
import { loadTaggerModel } from '../tagger/serialize.ts';
import { makeTaggerExamples } from '../tagger/train/training-data.ts';
import { loadLanguage } from '../tokenizer/language.ts';
import { SentenceSplitter } from '../tokenizer/sentence-splitter.ts';
import { splitterExamples } from '../tokenizer/train/train-splitter.ts';
import { readConllu } from '../ud/conllu.ts';
import type { Sentence } from '../ud/types.ts';

export interface PrecomputeCliOptions {
  model: string;
  train: string;
  coverage: number;
  /** Cap on the rows of one slot: tables whose ids are not numbered by frequency (pretrained vectors) would otherwise be precomputed whole. */
  maxRows: number;
  dryRun?: boolean;
}

/** Coverages shown for comparison beside the chosen one. */
const SHOWN = [0.9, 0.95, 0.98, 0.99, 0.995, 1];

interface Measured { examples: ExampleSet; net: Network }

const COMPONENTS: Record<string, (dir: string, train: readonly Sentence[]) => Measured> = {
  parser: (dir, train) => {
    const { model } = loadModel(dir, createKernels());
    return { examples: makeParserExamples(model, train).examples, net: model.net };
  },
  tagger: (dir, train) => {
    const { model } = loadTaggerModel(dir, createKernels());
    return { examples: makeTaggerExamples(model, train), net: model.net };
  },
  tokenizer: (dir, train) => {
    const { splitter, lexicon } = SentenceSplitter.load(dir, createKernels());
    return { examples: splitterExamples(splitter, train, lexicon, loadLanguage(dir)), net: splitter.net };
  },
};

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

export function runPrecompute(o: PrecomputeCliOptions): void {
  if (!(Number.isInteger(o.maxRows) && o.maxRows >= 0)) throw new Error(`--max-rows must be a whole number, not ${o.maxRows}`);
  if (!(o.coverage > 0 && o.coverage <= 1)) throw new Error(`--coverage must be in (0, 1], not ${o.coverage}`);
  const train = readConllu(readFileSync(o.train, 'utf8'), o.train);
  const bundle = !existsSync(join(o.model, 'manifest.json'));
  const dirs = bundle ? Object.keys(COMPONENTS).map((c) => [c, join(o.model, c)] as const) : [[kindOf(o.model), o.model] as const];
  for (const [component, dir] of dirs) {
    const measure = COMPONENTS[component];
    if (!measure || !existsSync(join(dir, 'manifest.json'))) continue;
    const { examples, net } = measure(dir, train);
    const tableSize = (s: number): number => net.shape.tables[net.shape.slotTable[s]].size;
    const ids = rankedIds(examples, net);
    const rowsAt = (c: number): number[] => rowsForCoverage(ids, examples.numSlots, examples.count, tableSize, (s) => net.slotDim[s], c)
      .map((r) => Math.min(r, o.maxRows));
    // Loaded models keep their precomputed rows as i8 with a header (rowBytes), not as f32.
    const bytes = (rows: readonly number[]): number => rows.reduce((a, r) => a + r, 0) * rowBytes(net.shape.hidden, true);
    const chosen = rowsAt(o.coverage);
    process.stdout.write(`${component}: ${examples.count} training examples, ${net.numSlots} slots; precomputed tables by coverage: ` +
      SHOWN.map((c) => `${c}: ${mib(bytes(rowsAt(c)))} MiB`).join(', ') + `; chosen ${o.coverage}: ${mib(bytes(chosen))} MiB\n`);
    if (o.dryRun) continue;
    const file = join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    manifest.precompute = { coverage: o.coverage, maxRows: o.maxRows, rows: chosen, examples: examples.count, measuredOn: basename(o.train) };
    writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n');
  }
}

/** The examples' feature ids, by rank for the tables that have one (pretrained vectors): loaded models precompute those tables by rank. */
function rankedIds(examples: ExampleSet, net: Network): Int32Array {
  const S = examples.numSlots;
  const ranks = Array.from({ length: S }, (_, s) => net.shape.tables[net.shape.slotTable[s]].rank);
  if (ranks.every((r) => r === undefined)) return examples.ids;
  const ids = examples.ids.slice(0, examples.count * S);
  for (let e = 0; e < examples.count; e++) {
    for (let s = 0; s < S; s++) {
      const rank = ranks[s];
      const id = ids[e * S + s];
      if (rank && id >= 0 && id < rank.length) ids[e * S + s] = rank[id];
    }
  }
  return ids;
}

function kindOf(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { kind?: string }).kind === 'sentence-splitter' ? 'tokenizer' : String((JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { kind?: string }).kind);
}
