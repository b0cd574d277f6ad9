import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod/v3';
import { type PrecomputedScorer, sharedPrecomputedScorer } from '../model/precompute.ts';
import { precomputeRowsOf } from '../model/precompute-rows.ts';
import { type WeightStore, defaultStore } from '../model/weight-store.ts';
import { type ParsedTree, Workspace, greedyParse, readTree } from '../parser/decode.ts';
import { BeamSearch, beamTrees } from '../parser/beam.ts';
import { GlobalScorer } from '../parser/global-scorer.ts';
import { ParserError } from '../ud/errors.ts';
import { emptyEncoded, type ParserModel } from '../parser/parser-model.ts';
import { type Manifest, loadModel } from '../parser/serialize.ts';
import type { ParsedToken, Sentence, TokenInput } from '../ud/types.ts';
import { DEFAULT_LIMITS, Pipeline, type PipelineLimits, type SegmentedSentence } from '../pipeline/pipeline.ts';
import type { DecodeOptions, FeatsStage, ParseStage, TagStage, TokenizeStage } from '../pipeline/stages.ts';
import type { AnalyzedSentence, PretokenizedInput } from '../ud/analyzed.ts';
import { Tagger } from '../tagger/index.ts';
import { Tokenizer } from '../tokenizer/index.ts';
import { Lazy } from './lazy.ts';
import { DEFAULT_MODEL, MODELS_DIR, type ModelDescription, componentDirs, describeModel, resolveModel } from './models.ts';
import { type StreamInput, type StreamOptions, parseStream } from './stream.ts';

/** The English model bundle shipped in the package: `parser/`, `tagger/` and `tokenizer/`. */
export const DEFAULT_MODEL_DIR: string = join(MODELS_DIR, DEFAULT_MODEL);

export interface LoadOptions {
  /** Kernels: WebAssembly SIMD (default) or the plain TypeScript reference. */
  kernels?: 'wasm-simd' | 'typescript';
  /**
   * Precomputed hidden-layer rows per feature slot (the most frequent ids), for every component;
   * default: what each model's manifest measured (the rows covering most training occurrences).
   */
  precomputeRows?: number;
  /** Size limits for raw-text and pre-split input (single calls; parseStream cuts its input into chunks below them). */
  limits?: Partial<PipelineLimits>;
  /**
   * Stages to use instead of the bundle's tokenizer and tagger (stand-ins in tests and benchmarks).
   * The FEATS stage (after parsing) is the bundle's tagger unless a stand-in tagger is given.
   */
  stages?: { tokenizer?: TokenizeStage; tagger?: TagStage; feats?: FeatsStage };
  /**
   * Load the tokenizer and tagger now. By default each loads when first needed: tagged tokens
   * (and CoNLL-U with keepTags) need neither, pre-tokenized input no tokenizer.
   */
  eager?: boolean;
  /** Where the weights live (default: this thread's shared store, so a bundle loaded twice in a process is held once). */
  store?: WeightStore;
}

export interface ParserInfo {
  modelDir: string;
  /** Name, language and version of the model (models.ts). */
  model: ModelDescription;
  labels: readonly string[];
  manifest: Manifest;
  /** Whether raw text can be parsed (the bundle has a tokenizer and a tagger, or stand-ins were given). */
  pipeline: boolean;
}

/** The components a Parser has loaded so far. */
export interface LoadedComponents {
  parser: true;
  tagger: boolean;
  tokenizer: boolean;
}

/** How a Parser gets its tokenizer and tagger: loaded on first use (or given). */
export interface ParserStages {
  tokenizer?: Lazy<TokenizeStage> | undefined;
  tagger?: Lazy<TagStage> | undefined;
  /** FEATS after parsing (the bundle's tagger: the same instance as `tagger`). */
  feats?: Lazy<FeatsStage> | undefined;
}

const TaggedTokens = z.array(z.object({
  form: z.string().min(1).max(1000),
  upos: z.string().min(1).max(64),
  xpos: z.string().min(1).max(64).optional(),
  feats: z.string().max(1000).optional(),
})).min(1);

/** Widest beam and most k-best trees a call may ask for (a beam costs `width` network evaluations per transition). */
export const MAX_BEAM = 64;
export const MAX_KBEST = 32;

const DecodeOptionsSchema = z.object({
  beam: z.number().int().min(1).max(MAX_BEAM).optional(),
  kbest: z.number().int().min(1).max(MAX_KBEST).optional(),
}).strict();

/** One of the k best trees of a tagged-token sentence. */
export interface KBestParse {
  logProb: number;
  tokens: ParsedToken[];
}

const isTaggedInput = (x: unknown): x is readonly TokenInput[] =>
  Array.isArray(x) && x.length > 0 && typeof x[0] === 'object' && x[0] !== null && !Array.isArray(x[0]);

/**
 * A loaded parser. Weights are shared and immutable; one workspace is reused across calls, so a
 * Parser serves one thread (each worker thread loads its own Parser on the shared weights).
 * The tokenizer and tagger load when first needed (LoadOptions.eager loads them at once).
 */
export class Parser implements ParseStage {
  readonly info: ParserInfo;
  private readonly model: ParserModel;
  private readonly scorer: PrecomputedScorer;
  private readonly ws: Workspace;
  private readonly enc = emptyEncoded();
  private readonly stages: ParserStages;
  private pipelineInstance: Pipeline | undefined;
  private readonly temperature: number;
  private readonly global: GlobalScorer | undefined;
  private readonly beams = new Map<number, BeamSearch>();
  private readonly limits: PipelineLimits;

  constructor(model: ParserModel, info: Omit<ParserInfo, 'pipeline'>, scorer: PrecomputedScorer, opts: LoadOptions = {}, stages: ParserStages = {}) {
    this.model = model;
    this.scorer = scorer;
    this.ws = new Workspace(model.template.numSlots, model.system.numTransitions);
    this.temperature = model.config.temperature ?? 1;
    this.global = model.globalW2 >= 0 ? new GlobalScorer(model, this.scorer) : undefined;
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.stages = stages;
    this.info = { ...info, pipeline: stages.tokenizer !== undefined && stages.tagger !== undefined };
  }

  /** Which components are loaded (the tokenizer and tagger load on first use). */
  get loaded(): LoadedComponents {
    return { parser: true, tagger: this.stages.tagger?.loaded ?? false, tokenizer: this.stages.tokenizer?.loaded ?? false };
  }

  /** Loads the tokenizer and tagger if they are not loaded yet (what `eager` does at load time). */
  loadAll(): void {
    this.stages.tagger?.get();
    this.stages.tokenizer?.get();
  }

  /**
   * Raw text: sentences are split and tokenized (a blank line is a paragraph break).
   * `options`: `{ beam: B }` decodes with a beam of width B (default greedy); `{ kbest: k }` also
   * gives each sentence its k best distinct trees (`kbest`, best first, with log-probabilities).
   */
  parse(text: string, options?: DecodeOptions): AnalyzedSentence[];
  /** One string per sentence: each is tokenized, never split further. */
  parse(sentences: readonly string[], options?: DecodeOptions): AnalyzedSentence[];
  /** Pre-tokenized sentences: each token is one word, never re-split. */
  parse(tokens: PretokenizedInput, options?: DecodeOptions): AnalyzedSentence[];
  /** One sentence of tokens with their tags: returns each word's head, relation and attachment probability (k best: parseKBest). */
  parse(sentence: readonly TokenInput[], options?: Pick<DecodeOptions, 'beam'>): ParsedToken[];
  parse(input: string | readonly string[] | PretokenizedInput | readonly TokenInput[], options: DecodeOptions = {}): AnalyzedSentence[] | ParsedToken[] {
    const o = checkDecodeOptions(options);
    if (isTaggedInput(input)) {
      if (o.kbest !== undefined && o.kbest > 1) throw new ParserError('PARSER_ERR_INPUT', 'k-best trees of tagged tokens come from parser.parseKBest(tokens, k)');
      return this.parseTaggedTokens(input, o);
    }
    if (typeof input === 'string') return this.needPipeline().parseText(input, o);
    if (!Array.isArray(input)) throw new ParserError('PARSER_ERR_INPUT', 'expected a string, an array of strings, an array of token arrays or an array of tagged tokens');
    if (input.length === 0) return [];
    if (input.every((s) => typeof s === 'string')) return this.needPipeline().parseSentences(input as readonly string[], o);
    if (input.every((s) => Array.isArray(s) && s.every((t) => typeof t === 'string'))) return this.needPipeline().parseTokens(input as PretokenizedInput, o);
    throw new ParserError('PARSER_ERR_INPUT', 'mixed input: give all sentences as strings or all as token arrays');
  }

  /** The k best distinct trees of one sentence of tagged tokens, best first (fewer when the sentence has fewer trees). */
  parseKBest(tokens: readonly TokenInput[], k: number, options: Pick<DecodeOptions, 'beam'> = {}): KBestParse[] {
    const o = checkDecodeOptions({ ...options, kbest: k });
    const tree = this.parseTagged(this.checkTokens(tokens), o);
    return (tree.kbest ?? [{ logProb: tree.logProb, head: tree.head, label: tree.label, prob: tree.prob }]).map((alt) => ({
      logProb: alt.logProb,
      tokens: tokens.map((t, i) => ({ id: i + 1, form: t.form, head: alt.head[i], deprel: alt.label[i], prob: alt.prob[i] })),
    }));
  }

  /**
   * The first half of parse(): the input split into sentences and tokenized, every limit checked, nothing
   * tagged or parsed yet. `parse(x)` is `segment(x).map((s) => analyze(s))`; a caller that streams its
   * output or may stop between sentences (the HTTP service) runs the two halves itself.
   */
  segment(input: string | readonly string[] | PretokenizedInput): SegmentedSentence[] {
    if (typeof input === 'string') return this.needPipeline().segmentText(input);
    if (!Array.isArray(input)) throw new ParserError('PARSER_ERR_INPUT', 'expected a string, an array of strings or an array of token arrays');
    if (input.length === 0) return [];
    if (input.every((s) => typeof s === 'string')) return this.needPipeline().segmentSentences(input as readonly string[]);
    if (input.every((s) => Array.isArray(s) && s.every((t) => typeof t === 'string'))) return this.needPipeline().segmentTokens(input as PretokenizedInput);
    throw new ParserError('PARSER_ERR_INPUT', 'mixed input: give all sentences as strings or all as token arrays');
  }

  /** The second half of parse(): tags and parses one sentence from segment() (`options` as for parse()). */
  analyze(sentence: SegmentedSentence, options: DecodeOptions = {}): AnalyzedSentence {
    return this.needPipeline().analyze(sentence, checkDecodeOptions(options));
  }

  /**
   * Parses CoNLL-U sentences, keeping tokens, comments and other columns; fills HEAD and DEPREL.
   * UPOS, XPOS, FEATS and LEMMA are predicted by the tagger (FEATS after parsing, by the FEATS stage)
   * unless keepTags is set (or there is no tagger): then the input's columns stay as given.
   */
  parseConllu(sentences: readonly Sentence[], opts: { keepTags?: boolean } & Pick<DecodeOptions, 'beam'> = {}): Sentence[] {
    checkDecodeOptions({ beam: opts.beam }); // once, before the first sentence
    return sentences.map((s) => this.parseConlluSentence(s, opts).sentence);
  }

  /** One sentence of parseConllu, with the tree (and so each word's attachment probability) beside it. */
  parseConlluSentence(s: Sentence, opts: { keepTags?: boolean } & Pick<DecodeOptions, 'beam'> = {}): { sentence: Sentence; tree: ParsedTree } {
    const tagger = opts.keepTags ? undefined : this.stages.tagger?.get();
    const featsStage = tagger ? this.stages.feats?.get() : undefined;
    const decode = checkDecodeOptions({ beam: opts.beam });
    const tags = tagger?.tag(s.words.map((w) => w.form), { feats: !featsStage });
    const words = tags ? s.words.map((w, i) => ({ ...w, ...tags[i] })) : s.words;
    const tree = this.parseTagged(words, decode);
    const parsed = words.map((w, i) => ({ ...w, head: tree.head[i], deprel: tree.label[i] }));
    const feats = featsStage?.featsAfterParse(parsed);
    const sentence = { ...s, comments: [...s.comments], lines: [...s.lines], words: feats ? parsed.map((w, i) => ({ ...w, feats: feats[i] })) : parsed };
    return { sentence, tree };
  }

  /**
   * The tree over tagged words: head, relation and probability of word i + 1 at index i (the
   * pipeline's parse stage). Greedy, or beam search when options.beam > 1 or options.kbest > 1
   * (ranked with the global output layer when the model has one). A pseudo-projective model's
   * trees (and each k-best tree) come back with their non-projective arcs restored.
   */
  parseTagged(tokens: readonly TokenInput[], options: DecodeOptions = {}): ParsedTree {
    const m = this.model;
    m.encode(tokens, this.enc);
    const k = options.kbest ?? 1;
    const width = Math.max(options.beam ?? 1, k > 1 ? 2 * k : 1);
    if (width === 1) return m.restore(readTree(greedyParse(m.system, m.template, this.scorer, this.enc, this.ws, this.temperature), m.vocabs.labels));
    let beam = this.beams.get(width);
    if (!beam) {
      beam = new BeamSearch(m.template.numSlots, m.system.numTransitions, width);
      this.beams.set(width, beam);
    }
    const results = beam.parse(m.system, m.template, this.global ?? this.scorer, this.enc, this.global, this.temperature);
    const tree = beamTrees(results, k, m.vocabs.labels, this.global !== undefined, m.config.pseudoProjective ? (h, l) => m.restoreHeads(h, l) : undefined);
    return k > 1 ? tree : { ...tree, kbest: undefined };
  }

  private checkTokens(tokens: readonly TokenInput[]): readonly TokenInput[] {
    const checked = TaggedTokens.max(this.limits.maxWordsPerSentence).safeParse(tokens);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new ParserError('PARSER_ERR_INPUT', `invalid tokens: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`, { issues: checked.error.issues });
    }
    return tokens;
  }

  private parseTaggedTokens(tokens: readonly TokenInput[], options: DecodeOptions): ParsedToken[] {
    const tree = this.parseTagged(this.checkTokens(tokens), options);
    return tokens.map((t, i) => ({ id: i + 1, form: t.form, head: tree.head[i], deprel: tree.label[i], prob: tree.prob[i] }));
  }

  /**
   * Parses input of any size as it arrives: raw text (default) in chunks cut at paragraph breaks, or
   * at sentence boundaries in text without them, or CoNLL-U (`from: 'conllu'`) sentence by
   * sentence. Yields sentences in input order; text offsets count from the start of the stream.
   * Input: a Readable (e.g. fs.createReadStream), or any (async) iterable of strings or bytes (UTF-8).
   */
  parseStream(input: StreamInput, opts?: StreamOptions & { from?: 'text' }): AsyncGenerator<AnalyzedSentence>;
  parseStream(input: StreamInput, opts: StreamOptions & { from: 'conllu' }): AsyncGenerator<Sentence>;
  parseStream(input: StreamInput, opts: StreamOptions = {}): AsyncGenerator<AnalyzedSentence | Sentence> {
    return parseStream(this, input, opts);
  }

  /** The tagger (loaded on first use). */
  tagger(): TagStage {
    const t = this.stages.tagger;
    if (!t) throw this.noPipeline();
    return t.get();
  }

  /** The tokenizer (loaded on first use), for cutting long text without paragraph breaks at sentence boundaries. */
  tokenizer(): TokenizeStage {
    const t = this.stages.tokenizer;
    if (!t) throw this.noPipeline();
    return t.get();
  }

  private needPipeline(): Pipeline {
    if (!this.pipelineInstance) {
      const tokenizer = this.stages.tokenizer, tagger = this.stages.tagger, feats = this.stages.feats;
      if (!tokenizer || !tagger) throw this.noPipeline();
      // The pipeline asks for each stage when it first uses it: pre-tokenized input loads no tokenizer.
      this.pipelineInstance = new Pipeline(this, { tokenize: (t) => tokenizer.get().tokenize(t), tokenizeSentence: (t) => tokenizer.get().tokenizeSentence(t) },
        { tag: (forms, o) => tagger.get().tag(forms, o) }, this.limits, feats ? { featsAfterParse: (w) => feats.get().featsAfterParse(w) } : undefined);
    }
    return this.pipelineInstance;
  }

  private noPipeline(): ParserError {
    return new ParserError('PARSER_ERR_INPUT', `the model at ${this.info.modelDir} has no tokenizer and tagger, so it parses only tagged tokens`);
  }
}

function checkDecodeOptions(o: DecodeOptions): DecodeOptions {
  const r = DecodeOptionsSchema.safeParse(o);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ParserError('PARSER_ERR_INPUT', `invalid options: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`, { issues: r.error.issues });
  }
  return r.data;
}

/**
 * Loads a parser from a model bundle (a directory with `parser/` and, for raw text, `tagger/` and
 * `tokenizer/`) or from a parser model directory (with `manifest.json`). `model` is a bundle name
 * under the package's `models/` (`en_ewt`, `fr_sequoia`) or a path (any value with a `/`; models.ts);
 * default: the shipped English model.
 * Only the parser loads now; the tagger and tokenizer load when first needed, unless `eager`.
 * Weights and precomputed tables go to this thread's shared store (see model/weight-store.ts):
 * loading the same bundle again, here or in a worker thread attached to the store, reads nothing twice.
 */
export function loadParserSync(model: string = DEFAULT_MODEL, opts: LoadOptions = {}): Parser {
  const dir = resolveModel(model);
  const bundle = !existsSync(join(dir, 'manifest.json'));
  const parserDir = bundle ? join(dir, 'parser') : dir;
  const store = opts.store ?? defaultStore(opts.kernels);
  const { model: parserModel, manifest, weightsKey } = loadModel(parserDir, store);
  const rows = opts.precomputeRows ?? precomputeRowsOf(manifest, parserModel.net.numSlots, parserDir);
  const scorer = sharedPrecomputedScorer(store, weightsKey, parserModel.net, rows);
  const { tagger: taggerDir, tokenizer: tokenizerDir } = bundle ? componentDirs(dir) : { tagger: undefined, tokenizer: undefined };
  const has = (sub: string | undefined): sub is string => sub !== undefined && existsSync(join(sub, 'manifest.json'));
  const given = opts.stages ?? {};
  const own = has(taggerDir) ? new Lazy(() => Tagger.load(taggerDir, store, opts.precomputeRows)) : undefined;
  const stages: ParserStages = {
    tokenizer: given.tokenizer ? Lazy.of(given.tokenizer) : has(tokenizerDir) ? new Lazy(() => Tokenizer.load(tokenizerDir, store)) : undefined,
    tagger: given.tagger ? Lazy.of(given.tagger) : own,
    // FEATS after parsing: the bundle's tagger, unless a stand-in tagger (without a stand-in FEATS stage) is given.
    feats: given.feats ? Lazy.of(given.feats) : given.tagger ? undefined : own,
  };
  const parser = new Parser(parserModel, { modelDir: dir, model: describeModel(dir), labels: parserModel.vocabs.labels, manifest }, scorer, opts, stages);
  if (opts.eager) parser.loadAll();
  return parser;
}

/** Loads a parser (see loadParserSync). */
export async function loadParser(model: string = DEFAULT_MODEL, opts: LoadOptions = {}): Promise<Parser> {
  return loadParserSync(model, opts);
}
