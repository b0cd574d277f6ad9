import { join } from 'node:path';
import { z } from 'zod/v3';
import type { Kernels } from '../kernels/index.ts';
import { ACTIVATIONS } from '../model/activation.ts';
import { checkArchitecture, checkWith, loadShared, readModelFiles, withFile } from '../model/model-files.ts';
import { Network, type NetworkShape } from '../model/network.ts';
import { DirectScorer, type PrecomputeRows, type PrecomputedScorer, sharedPrecomputedScorer } from '../model/precompute.ts';
import { precomputeRowsOf } from '../model/precompute-rows.ts';
import { type TensorRef, type WeightStore, storeFor } from '../model/weight-store.ts';
import type { Scorer } from '../model/scorer.ts';
import {
  BOUNDARY_TABLES, BOUNDARY_TEMPLATE, BoundaryEncoder, type BoundaryState, type BoundaryVocab, type EncodedParagraph,
  NUM_SLOTS, advanceState, closeSentence, fillBoundaryIds, newBoundaryState,
} from './boundary-features.ts';
import { BoundaryScorer } from './boundary-scorer.ts';
import { TokenizerLexiconSchema } from './lexicon.ts';
import type { TokenizerLexicon } from './types.ts';

export const SPLITTER_KIND = 'sentence-splitter';
export const SPLITTER_ARCHITECTURE = 'boundary-ffnn.v1';

export const SplitterConfigSchema = z.object({
  members: z.number().int().positive().describe('ensemble members stored side by side in one block-diagonal network (logits averaged)'),
  wordDim: z.number().int().positive().describe('embedding size of normalized word forms'),
  shapeDim: z.number().int().positive().describe('embedding size of word shapes'),
  smallDim: z.number().int().positive().describe('embedding size of gaps, distance buckets and bracket state'),
  hidden: z.number().int().positive().describe('hidden layer size'),
  activation: z.enum(ACTIVATIONS).describe('hidden layer activation'),
  threshold: z.number().min(0).max(1).describe('a boundary is predicted when its probability exceeds this'),
});
export type SplitterConfig = z.infer<typeof SplitterConfigSchema>;

const VocabSchema = z.object({
  lexicon: TokenizerLexiconSchema,
  boundary: z.object({ words: z.array(z.string()), shapes: z.array(z.string()) }),
});
export type SplitterVocab = { lexicon: TokenizerLexicon; boundary: BoundaryVocab };

function dimOf(c: SplitterConfig, table: string): number {
  return c.members * (table === 'word' ? c.wordDim : table === 'shape' ? c.shapeDim : c.smallDim);
}

export function splitterShape(enc: BoundaryEncoder, c: SplitterConfig): NetworkShape {
  return {
    tables: BOUNDARY_TABLES.map((t) => ({ name: t, size: enc.tableSize(t), dim: dimOf(c, t) })),
    slotTable: BOUNDARY_TEMPLATE.map((s) => BOUNDARY_TABLES.indexOf(s.table)),
    hidden: c.members * c.hidden,
    outputs: 2,
    activation: c.activation,
  };
}

/**
 * Decides, after every token of a paragraph, whether a sentence ends there: a 2-way softmax over
 * window features (boundary-features.ts), greedy from left to right so that the distance to the
 * previous boundary is known. The last token of a paragraph always ends a sentence.
 */
export class SentenceSplitter {
  readonly config: SplitterConfig;
  /** Decision threshold (starts as config.threshold; training tunes it on dev). */
  threshold: number;
  readonly encoder: BoundaryEncoder;
  readonly net: Network;
  private scorer: Scorer;
  private readonly ids = new Int32Array(NUM_SLOTS);

  /** `shared`: the network's parameters when they are in memory already (model-files.ts loadShared). */
  constructor(kernels: Kernels, config: SplitterConfig, vocab: BoundaryVocab, shared?: readonly TensorRef[]) {
    this.config = config;
    this.threshold = config.threshold;
    this.encoder = new BoundaryEncoder(vocab);
    this.net = new Network(kernels, splitterShape(this.encoder, config), undefined, shared);
    this.scorer = new DirectScorer(this.net);
  }

  /** Switches to precomputed hidden-layer rows (per slot, or a scorer with shared tables); call once the weights are final. */
  freeze(rows: PrecomputeRows | PrecomputedScorer = 4000): void {
    this.scorer = new BoundaryScorer(this.net, rows);
  }

  /** Log-odds that a sentence ends after token i. */
  logit(p: EncodedParagraph, i: number, st: BoundaryState): number {
    fillBoundaryIds(p, i, st, this.ids, 0);
    const s = this.scorer.score(this.ids, 0);
    return s[1] - s[0];
  }

  /** Indices of the tokens that end a sentence, in order; the last token is always one. */
  boundaries(p: EncodedParagraph, threshold = this.threshold): number[] {
    const out: number[] = [];
    const st = newBoundaryState();
    const cut = Math.log(threshold / (1 - threshold));
    for (let i = 0; i < p.n - 1; i++) {
      advanceState(st, p, i);
      if (this.logit(p, i, st) > cut) {
        out.push(i);
        closeSentence(st, i);
      }
    }
    if (p.n > 0) out.push(p.n - 1);
    return out;
  }

  /**
   * Reads a model directory written by saveSplitter (train/save-splitter.ts); returns the splitter
   * (frozen, with its manifest's measured precomputed rows) and the tokenizer lexicon. Weights go
   * to `target` as for the parser (parser/serialize.ts loadModel).
   */
  static load(dir: string, target?: Kernels | WeightStore): { splitter: SentenceSplitter; lexicon: TokenizerLexicon } {
    const store = storeFor(target);
    const files = readModelFiles(dir, SPLITTER_KIND);
    const manifestFile = join(dir, 'manifest.json'), vocabFile = join(dir, 'vocab.json');
    checkArchitecture(files, dir, [SPLITTER_ARCHITECTURE]);
    const config = checkWith(SplitterConfigSchema, files.manifest.config, manifestFile);
    const vocab = checkWith(VocabSchema, files.vocab, vocabFile);
    withFile(vocabFile, () => new BoundaryEncoder(vocab.boundary));
    const splitter = loadShared(files, store, (shared) => new SentenceSplitter(store.kernels, config, vocab.boundary, shared), (s) => s.net);
    withFile(manifestFile, () => {
      const rows = precomputeRowsOf(files.manifest, splitter.net.numSlots, dir);
      splitter.freeze(sharedPrecomputedScorer(store, files.weightsKey(), splitter.net, rows));
    });
    return { splitter, lexicon: vocab.lexicon };
  }
}
