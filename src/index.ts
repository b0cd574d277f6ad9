import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { createKernels } from './kernels/index.ts';
import { PrecomputedScorer } from './model/precompute.ts';
import { Workspace, greedyParse } from './parser/decode.ts';
import { ParserError } from './parser/errors.ts';
import { emptyEncoded, type ParserModel } from './parser/parser-model.ts';
import { type Manifest, loadModel } from './parser/serialize.ts';
import type { ParsedToken, Sentence, TokenInput } from './parser/types.ts';

export type { ParsedToken, Sentence, TokenInput, Word } from './parser/types.ts';
export { ParserError, type ParserErrorCode } from './parser/errors.ts';
export { ModelError, type ModelErrorCode } from './model/errors.ts';
export { readConllu, writeConllu } from './parser/conllu.ts';
export { scoreParses, type Scores } from './parser/evaluate.ts';

/** The English model bundle shipped in the package (its parser lives in `parser/`). */
export const DEFAULT_MODEL_DIR: string = fileURLToPath(new URL('../models/en_ewt', import.meta.url));

export interface LoadOptions {
  /** Kernels: WebAssembly SIMD (default) or the plain TypeScript reference. */
  kernels?: 'wasm-simd' | 'typescript';
  /** Precomputed hidden-layer rows per feature slot (the most frequent ids); more is faster and uses more memory. */
  precomputeRows?: number;
  /** Longest sentence accepted, in words. */
  maxTokens?: number;
}

export interface ParserInfo {
  modelDir: string;
  labels: readonly string[];
  manifest: Manifest;
}

const MAX_FORM = 1000;

function tokensSchema(maxTokens: number) {
  return z.array(z.object({
    form: z.string().min(1).max(MAX_FORM),
    upos: z.string().min(1).max(64),
    xpos: z.string().min(1).max(64).optional(),
    feats: z.string().max(MAX_FORM).optional(),
  })).min(1).max(maxTokens);
}

/** A loaded parser. The model is immutable; parse() reuses one workspace, so a parser serves one thread. */
export class Parser {
  readonly info: ParserInfo;
  private readonly model: ParserModel;
  private readonly scorer: PrecomputedScorer;
  private readonly ws: Workspace;
  private readonly enc = emptyEncoded();
  private readonly schema: ReturnType<typeof tokensSchema>;

  constructor(model: ParserModel, info: ParserInfo, opts: LoadOptions = {}) {
    this.model = model;
    this.info = info;
    this.scorer = new PrecomputedScorer(model.net, opts.precomputeRows ?? 4000);
    this.ws = new Workspace(model.template.numSlots, model.system.numTransitions);
    this.schema = tokensSchema(opts.maxTokens ?? 1000);
  }

  /**
   * Parses one tokenized, tagged sentence. Returns each word's head (0 = root), relation and the
   * softmax probability of the transition that attached it.
   */
  parse(tokens: readonly TokenInput[]): ParsedToken[] {
    const checked = this.schema.safeParse(tokens);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new ParserError('PARSER_ERR_INPUT', `invalid tokens: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`, { issues: checked.error.issues });
    }
    const st = this.run(tokens);
    const labels = this.model.vocabs.labels;
    return tokens.map((t, i) => ({ id: i + 1, form: t.form, head: st.head[i + 1], deprel: labels[st.label[i + 1]] ?? '_', prob: st.prob[i + 1] }));
  }

  /** Parses CoNLL-U sentences, keeping tokens, tags, comments and other columns; fills HEAD and DEPREL. */
  parseConllu(sentences: readonly Sentence[]): Sentence[] {
    const labels = this.model.vocabs.labels;
    return sentences.map((s) => {
      const st = this.run(s.words);
      return { ...s, words: s.words.map((w, i) => ({ ...w, head: st.head[i + 1], deprel: labels[st.label[i + 1]] ?? '_' })) };
    });
  }

  private run(tokens: readonly TokenInput[]) {
    this.model.encode(tokens, this.enc);
    return greedyParse(this.model.system, this.model.template, this.scorer, this.enc, this.ws);
  }
}

/**
 * Loads a parser from a model bundle (a directory with `parser/`) or a parser model directory
 * (with `manifest.json`); default: the shipped English model.
 */
export function loadParserSync(dir: string = DEFAULT_MODEL_DIR, opts: LoadOptions = {}): Parser {
  const parserDir = existsSync(join(dir, 'manifest.json')) ? dir : join(dir, 'parser');
  const { model, manifest } = loadModel(parserDir, createKernels(opts.kernels));
  return new Parser(model, { modelDir: dir, labels: model.vocabs.labels, manifest }, opts);
}

/** Loads a parser from a model directory (default: the shipped English model). */
export async function loadParser(dir: string = DEFAULT_MODEL_DIR, opts: LoadOptions = {}): Promise<Parser> {
  return loadParserSync(dir, opts);
}
