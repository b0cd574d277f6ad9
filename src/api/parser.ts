import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { createKernels } from '../kernels/index.ts';
import { PrecomputedScorer } from '../model/precompute.ts';
import { type ParsedTree, Workspace, greedyParse, readTree } from '../parser/decode.ts';
import { ParserError } from '../ud/errors.ts';
import { emptyEncoded, type ParserModel } from '../parser/parser-model.ts';
import { type Manifest, loadModel } from '../parser/serialize.ts';
import type { ParsedToken, Sentence, TokenInput } from '../ud/types.ts';
import { DEFAULT_LIMITS, Pipeline, type PipelineLimits } from '../pipeline/pipeline.ts';
import type { FeatsStage, ParseStage, TagStage, TokenizeStage } from '../pipeline/stages.ts';
import type { AnalyzedSentence, PretokenizedInput } from '../ud/analyzed.ts';
import { Tagger } from '../tagger/index.ts';
import { Tokenizer } from '../tokenizer/index.ts';

/** The English model bundle shipped in the package: `parser/`, `tagger/` and `tokenizer/`. */
export const DEFAULT_MODEL_DIR: string = fileURLToPath(new URL('../../models/en_ewt', import.meta.url));

export interface LoadOptions {
  /** Kernels: WebAssembly SIMD (default) or the plain TypeScript reference. */
  kernels?: 'wasm-simd' | 'typescript';
  /** Precomputed hidden-layer rows per feature slot (the most frequent ids); more is faster and uses more memory. */
  precomputeRows?: number;
  /** Size limits for raw-text and pre-split input. */
  limits?: Partial<PipelineLimits>;
  /**
   * Stages to use instead of the bundle's tokenizer and tagger (stand-ins in tests and benchmarks).
   * The FEATS stage (after parsing) is the bundle's tagger unless a stand-in tagger is given.
   */
  stages?: { tokenizer?: TokenizeStage; tagger?: TagStage; feats?: FeatsStage };
}

export interface ParserInfo {
  modelDir: string;
  labels: readonly string[];
  manifest: Manifest;
  /** Whether raw text can be parsed (the bundle has a tokenizer and a tagger). */
  pipeline: boolean;
}

const TaggedTokens = z.array(z.object({
  form: z.string().min(1).max(1000),
  upos: z.string().min(1).max(64),
  xpos: z.string().min(1).max(64).optional(),
  feats: z.string().max(1000).optional(),
})).min(1);

const isTaggedInput = (x: unknown): x is readonly TokenInput[] =>
  Array.isArray(x) && x.length > 0 && typeof x[0] === 'object' && x[0] !== null && !Array.isArray(x[0]);

/**
 * A loaded parser. Models are immutable; one workspace is reused across calls, so a Parser
 * serves one thread (the HTTP server gives each worker thread its own).
 */
export class Parser implements ParseStage {
  readonly info: ParserInfo;
  private readonly model: ParserModel;
  private readonly scorer: PrecomputedScorer;
  private readonly ws: Workspace;
  private readonly enc = emptyEncoded();
  private readonly pipeline: Pipeline | undefined;
  private readonly tagger: TagStage | undefined;
  private readonly feats: FeatsStage | undefined;
  private readonly limits: PipelineLimits;

  constructor(model: ParserModel, info: Omit<ParserInfo, 'pipeline'>, opts: LoadOptions = {}, tokenizer?: TokenizeStage, tagger?: TagStage,
    feats?: FeatsStage) {
    this.model = model;
    this.scorer = new PrecomputedScorer(model.net, opts.precomputeRows ?? 4000);
    this.ws = new Workspace(model.template.numSlots, model.system.numTransitions);
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.tagger = tagger;
    this.feats = feats;
    this.pipeline = tokenizer && tagger ? new Pipeline(this, tokenizer, tagger, this.limits, feats) : undefined;
    this.info = { ...info, pipeline: this.pipeline !== undefined };
  }

  /** Raw text: sentences are split and tokenized (a blank line is a paragraph break). */
  parse(text: string): AnalyzedSentence[];
  /** One string per sentence: each is tokenized, never split further. */
  parse(sentences: readonly string[]): AnalyzedSentence[];
  /** Pre-tokenized sentences: each token is one word, never re-split. */
  parse(tokens: PretokenizedInput): AnalyzedSentence[];
  /** One sentence of tokens with their tags: returns each word's head, relation and attachment probability. */
  parse(sentence: readonly TokenInput[]): ParsedToken[];
  parse(input: string | readonly string[] | PretokenizedInput | readonly TokenInput[]): AnalyzedSentence[] | ParsedToken[] {
    if (isTaggedInput(input)) return this.parseTaggedTokens(input);
    if (typeof input === 'string') return this.needPipeline().parseText(input);
    if (!Array.isArray(input)) throw new ParserError('PARSER_ERR_INPUT', 'expected a string, an array of strings, an array of token arrays or an array of tagged tokens');
    if (input.length === 0) return [];
    if (input.every((s) => typeof s === 'string')) return this.needPipeline().parseSentences(input as readonly string[]);
    if (input.every((s) => Array.isArray(s) && s.every((t) => typeof t === 'string'))) return this.needPipeline().parseTokens(input as PretokenizedInput);
    throw new ParserError('PARSER_ERR_INPUT', 'mixed input: give all sentences as strings or all as token arrays');
  }

  /**
   * Parses CoNLL-U sentences, keeping tokens, comments and other columns; fills HEAD and DEPREL.
   * UPOS, XPOS, FEATS and LEMMA are predicted by the tagger (FEATS after parsing, by the FEATS stage)
   * unless keepTags is set (or there is no tagger): then the input's columns stay as given.
   */
  parseConllu(sentences: readonly Sentence[], opts: { keepTags?: boolean } = {}): Sentence[] {
    const tagger = opts.keepTags ? undefined : this.tagger;
    const featsStage = tagger ? this.feats : undefined;
    return sentences.map((s) => {
      const tags = tagger?.tag(s.words.map((w) => w.form), { feats: !featsStage });
      const words = tags ? s.words.map((w, i) => ({ ...w, ...tags[i] })) : s.words;
      const tree = this.parseTagged(words);
      const parsed = words.map((w, i) => ({ ...w, head: tree.head[i], deprel: tree.label[i] }));
      const feats = featsStage?.featsAfterParse(parsed);
      return { ...s, comments: [...s.comments], lines: [...s.lines], words: feats ? parsed.map((w, i) => ({ ...w, feats: feats[i] })) : parsed };
    });
  }

  /** The tree over tagged words: head, relation and probability of word i + 1 at index i (the pipeline's parse stage). */
  parseTagged(tokens: readonly TokenInput[]): ParsedTree {
    this.model.encode(tokens, this.enc);
    return readTree(greedyParse(this.model.system, this.model.template, this.scorer, this.enc, this.ws), this.model.vocabs.labels);
  }

  private parseTaggedTokens(tokens: readonly TokenInput[]): ParsedToken[] {
    const checked = TaggedTokens.max(this.limits.maxWordsPerSentence).safeParse(tokens);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new ParserError('PARSER_ERR_INPUT', `invalid tokens: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`, { issues: checked.error.issues });
    }
    const tree = this.parseTagged(tokens);
    return tokens.map((t, i) => ({ id: i + 1, form: t.form, head: tree.head[i], deprel: tree.label[i], prob: tree.prob[i] }));
  }

  private needPipeline(): Pipeline {
    if (!this.pipeline) {
      throw new ParserError('PARSER_ERR_INPUT', `the model at ${this.info.modelDir} has no tokenizer and tagger, so it parses only tagged tokens`);
    }
    return this.pipeline;
  }
}

/**
 * Loads a parser from a model bundle (a directory with `parser/` and, for raw text, `tagger/` and
 * `tokenizer/`) or from a parser model directory (with `manifest.json`); default: the shipped English model.
 */
export function loadParserSync(dir: string = DEFAULT_MODEL_DIR, opts: LoadOptions = {}): Parser {
  const bundle = !existsSync(join(dir, 'manifest.json'));
  const parserDir = bundle ? join(dir, 'parser') : dir;
  const { model, manifest } = loadModel(parserDir, createKernels(opts.kernels));
  const has = (sub: string): boolean => bundle && existsSync(join(dir, sub, 'manifest.json'));
  const tokenizer = opts.stages?.tokenizer ?? (has('tokenizer') ? Tokenizer.load(join(dir, 'tokenizer'), createKernels(opts.kernels)) : undefined);
  const own = opts.stages?.tagger ? undefined : has('tagger') ? Tagger.load(join(dir, 'tagger'), createKernels(opts.kernels)) : undefined;
  const tagger = opts.stages?.tagger ?? own;
  return new Parser(model, { modelDir: dir, labels: model.vocabs.labels, manifest }, opts, tokenizer, tagger, opts.stages?.feats ?? own);
}

/** Loads a parser (see loadParserSync). */
export async function loadParser(dir: string = DEFAULT_MODEL_DIR, opts: LoadOptions = {}): Promise<Parser> {
  return loadParserSync(dir, opts);
}
