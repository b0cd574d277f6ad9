import { ParserError } from '../ud/errors.ts';
import type { TokenInput } from '../ud/types.ts';
import type { Tagger } from '../tagger/index.ts';
import type { RawSentence, Token, Tokenizer } from '../tokenizer/index.ts';
import type { AnalyzedSentence, AnalyzedToken, AnalyzedWord, PretokenizedInput } from '../ud/analyzed.ts';

/** What the pipeline needs of the dependency parser: heads, labels and probabilities for tagged words. */
export interface TreeParser {
  parseTagged(tokens: readonly TokenInput[]): { head: ArrayLike<number>; label: ArrayLike<string>; prob: ArrayLike<number> };
}

export interface PipelineLimits {
  /** Longest input text in UTF-16 code units. */
  maxChars: number;
  /** Most words in one sentence; raw text is cut into pieces of this size, pre-split input is refused. */
  maxWordsPerSentence: number;
}

export const DEFAULT_LIMITS: PipelineLimits = { maxChars: 1_000_000, maxWordsPerSentence: 500 };

/**
 * Raw text → sentences → tokens (with multiword tokens) → tags and lemmas → labeled tree.
 * Three entry points differ only in how much segmentation the caller has done already:
 * raw text (split and tokenize), one string per sentence (tokenize, never re-split), or
 * tokens (used as given: one token is one word, never re-split).
 */
export class Pipeline {
  private readonly parser: TreeParser;
  private readonly tokenizer: Tokenizer;
  private readonly tagger: Tagger;
  readonly limits: PipelineLimits;

  constructor(parser: TreeParser, tokenizer: Tokenizer, tagger: Tagger, limits: PipelineLimits = DEFAULT_LIMITS) {
    this.parser = parser;
    this.tokenizer = tokenizer;
    this.tagger = tagger;
    this.limits = limits;
  }

  parseText(text: string): AnalyzedSentence[] {
    this.checkChars(text.length);
    const out: AnalyzedSentence[] = [];
    for (const s of this.tokenizer.tokenize(text)) {
      for (const piece of this.cut(s)) out.push(this.analyze(piece.text, piece.start, piece.tokens));
    }
    return out;
  }

  parseSentences(sentences: readonly string[]): AnalyzedSentence[] {
    this.checkChars(sentences.reduce((a, s) => a + s.length, 0));
    return sentences.map((s, i) => {
      const tokens = this.tokenizer.tokenizeSentence(s);
      const words = tokens.reduce((a, t) => a + t.words.length, 0);
      this.checkWords(words, i);
      if (tokens.length === 0) throw new ParserError('PARSER_ERR_INPUT', `sentence ${i} has no tokens`, { sentence: i });
      return this.analyze(s, 0, tokens);
    });
  }

  parseTokens(input: PretokenizedInput): AnalyzedSentence[] {
    this.checkChars(input.reduce((a, s) => a + s.reduce((b, t) => b + t.length + 1, 0), 0));
    return input.map((forms, i) => {
      this.checkWords(forms.length, i);
      if (forms.length === 0) throw new ParserError('PARSER_ERR_INPUT', `sentence ${i} has no tokens`, { sentence: i });
      let offset = 0;
      const tokens: Token[] = forms.map((form, j) => {
        if (form.length === 0 || /\s/.test(form)) {
          throw new ParserError('PARSER_ERR_INPUT', `sentence ${i}, token ${j}: a token must be non-empty and without white space`, { sentence: i, token: j });
        }
        const t: Token = { form, start: offset, end: offset + form.length, spaceAfter: j < forms.length - 1, words: [form] };
        offset += form.length + 1;
        return t;
      });
      return this.analyze(forms.join(' '), 0, tokens);
    });
  }

  private checkChars(n: number): void {
    if (n > this.limits.maxChars) {
      throw new ParserError('PARSER_ERR_INPUT', `input has ${n} characters; the limit is ${this.limits.maxChars}`, { limit: this.limits.maxChars });
    }
  }

  private checkWords(n: number, sentence: number): void {
    if (n > this.limits.maxWordsPerSentence) {
      throw new ParserError('PARSER_ERR_INPUT', `sentence ${sentence} has ${n} words; the limit is ${this.limits.maxWordsPerSentence}`,
        { sentence, limit: this.limits.maxWordsPerSentence });
    }
  }

  /** Splits an over-long raw-text sentence into pieces of at most maxWordsPerSentence words. */
  private cut(s: RawSentence): { text: string; start: number; tokens: Token[] }[] {
    const max = this.limits.maxWordsPerSentence;
    const pieces: { text: string; start: number; tokens: Token[] }[] = [];
    let cur: Token[] = [], words = 0;
    const flush = (): void => {
      const first = cur[0], last = cur[cur.length - 1];
      if (!first || !last) return;
      const from = first.start - s.start, to = last.end - s.start;
      pieces.push({ text: s.text.slice(from, to), start: first.start, tokens: cur });
      cur = [];
      words = 0;
    };
    for (const t of s.tokens) {
      if (words + t.words.length > max && cur.length > 0) flush();
      cur.push(t);
      words += t.words.length;
    }
    flush();
    return pieces;
  }

  /** Tags and parses one sentence's tokens; `base` is the offset of `text` in the input. */
  private analyze(text: string, base: number, tokens: readonly Token[]): AnalyzedSentence {
    const forms: string[] = [];
    const owner: number[] = [];
    tokens.forEach((t, i) => t.words.forEach((w) => { forms.push(w); owner.push(i); }));
    const tags = this.tagger.tag(forms);
    const tree = this.parser.parseTagged(forms.map((form, i) => ({ form, upos: tags[i]?.upos ?? 'X', xpos: tags[i]?.xpos ?? '_' })));
    const aTokens: AnalyzedToken[] = tokens.map((t) => ({ form: t.form, start: t.start, end: t.end, spaceAfter: t.spaceAfter, wordIds: [] }));
    const words: AnalyzedWord[] = forms.map((form, i) => {
      const tok = tokens[owner[i] ?? 0];
      const tag = tags[i];
      aTokens[owner[i] ?? 0]?.wordIds.push(i + 1);
      return {
        id: i + 1, form, lemma: tag?.lemma ?? '_', upos: tag?.upos ?? 'X', xpos: tag?.xpos ?? '_', feats: tag?.feats ?? '_',
        head: tree.head[i] ?? 0, deprel: tree.label[i] ?? 'dep', prob: tree.prob[i] ?? 0,
        start: tok?.start ?? 0, end: tok?.end ?? 0,
      };
    });
    const first = tokens[0], last = tokens[tokens.length - 1];
    return { text, start: first?.start ?? base, end: last?.end ?? base, tokens: aTokens, words };
  }
}
