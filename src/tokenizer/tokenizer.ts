import { fileURLToPath } from 'node:url';
import type { Kernels } from '../kernels/index.ts';
import type { WeightStore } from '../model/weight-store.ts';
import { type TokenizerLanguage, loadLanguage } from './language.ts';
import { compileLexicon, type CompiledLexicon } from './lexicon.ts';
import { paragraphRanges } from './paragraphs.ts';
import { Scanner } from './scanner.ts';
import { SentenceSplitter } from './sentence-splitter.ts';
import { splitFinalPeriod, tokensOf } from './tokens.ts';
import type { RawSentence, Token, TokenizerLexicon } from './types.ts';

/** The English tokenizer model shipped with the package. */
export const DEFAULT_TOKENIZER_DIR: string = fileURLToPath(new URL('../../models/en_ewt/tokenizer', import.meta.url));

/**
 * Raw text → sentences → tokens (with multiword words), following the language data (language.ts;
 * UD English EWT style for English) and the lexicon learned from a treebank.
 * Paragraphs (blank lines) always end a sentence; inside a paragraph the sentence splitter decides.
 * Without a splitter model, a sentence ends after `.`, `!` or `?` runs followed by a capital or a quote.
 * An instance keeps scratch buffers, so it serves one thread.
 */
export class Tokenizer {
  readonly lexicon: TokenizerLexicon;
  readonly language: TokenizerLanguage;
  private readonly lex: CompiledLexicon;
  private readonly scanner: Scanner;
  private readonly splitter: SentenceSplitter | undefined;
  private readonly bounds: number[] = [];

  constructor(lexicon: TokenizerLexicon, language: TokenizerLanguage, splitter?: SentenceSplitter) {
    this.lexicon = lexicon;
    this.language = language;
    this.lex = compileLexicon(lexicon, language);
    this.scanner = new Scanner(this.lex);
    this.splitter = splitter;
  }

  /** Loads a tokenizer model directory: the splitter and lexicon (manifest, vocab, weights) and language.json; weights go to `target` (see SentenceSplitter.load). */
  static load(dir: string = DEFAULT_TOKENIZER_DIR, target?: Kernels | WeightStore): Tokenizer {
    const { splitter, lexicon } = SentenceSplitter.load(dir, target);
    return new Tokenizer(lexicon, loadLanguage(dir), splitter);
  }

  /** Splits into sentences and tokens. Never throws on any string; empty or blank text gives []. */
  tokenize(text: string): RawSentence[] {
    const out: RawSentence[] = [];
    const ranges = paragraphRanges(text);
    for (let r = 0; r < ranges.length; r += 2) this.paragraph(text, ranges[r], ranges[r + 1], out);
    return out;
  }

  /** Tokenizes text known to be one sentence (never re-split). */
  tokenizeSentence(text: string): Token[] {
    return splitFinalPeriod(tokensOf(text, 0, text.length, this.scanner, this.lex, this.bounds), text, this.lex);
  }

  private paragraph(text: string, start: number, end: number, out: RawSentence[]): void {
    const tokens = tokensOf(text, start, end, this.scanner, this.lex, this.bounds);
    if (tokens.length === 0) return;
    const ends = this.splitter ? this.splitter.boundaries(this.splitter.encoder.encode(tokens, text)) : ruleBoundaries(tokens);
    let first = 0;
    for (const last of ends) {
      const toks = splitFinalPeriod(tokens.slice(first, last + 1), text, this.lex);
      const s = toks[0].start, e = toks[toks.length - 1].end;
      out.push({ text: text.slice(s, e), start: s, end: e, tokens: toks });
      first = last + 1;
    }
  }
}

/** Fallback without a model: after a `.`/`!`/`?` run, when the next token starts with a capital, a digit or a quote. */
export function ruleBoundaries(tokens: readonly Token[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const f = tokens[i].form;
    if (!/^[.!?…]+$/.test(f)) continue;
    if (/^[\p{Lu}\p{N}"'“‘(]/u.test(tokens[i + 1].form)) out.push(i);
  }
  out.push(tokens.length - 1);
  return out;
}
