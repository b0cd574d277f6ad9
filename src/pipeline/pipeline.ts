import { analyzedSentence } from '../tokenizer/analyzed.ts';
import type { RawSentence, Token } from '../tokenizer/types.ts';
import type { AnalyzedSentence, PretokenizedInput } from '../ud/analyzed.ts';
import { ParserError } from '../ud/errors.ts';
import type { DecodeOptions, FeatsStage, ParseStage, TagStage, TokenizeStage } from './stages.ts';

export interface PipelineLimits {
  /** Longest input text in UTF-16 code units. */
  maxChars: number;
  /** Most words in one sentence; raw text is cut into pieces of this size, pre-split input is refused. */
  maxWordsPerSentence: number;
}

export const DEFAULT_LIMITS: PipelineLimits = { maxChars: 1_000_000, maxWordsPerSentence: 500 };

/**
 * One sentence cut out of the input and tokenized, not yet tagged or parsed. `text` is the sentence as
 * it appears in the input; token offsets are into the input.
 */
export interface SegmentedSentence {
  text: string;
  tokens: Token[];
}

/**
 * Raw text → sentences → tokens (with multiword tokens) → tags and lemmas → labeled tree → FEATS
 * (when there is a FEATS stage; otherwise the tagger's FEATS stay).
 * Three entry points differ only in how much segmentation the caller has done already:
 * raw text (split and tokenize), one string per sentence (tokenize, never re-split), or
 * tokens (used as given: one token is one word, never re-split).
 * Each entry point is segment (split, tokenize, check every limit) followed by analyze (tag and parse)
 * per sentence; callers that stream or may stop early call the two steps themselves.
 */
export class Pipeline {
  private readonly parser: ParseStage;
  private readonly tokenizer: TokenizeStage;
  private readonly tagger: TagStage;
  private readonly feats: FeatsStage | undefined;
  readonly limits: PipelineLimits;

  constructor(parser: ParseStage, tokenizer: TokenizeStage, tagger: TagStage, limits: PipelineLimits = DEFAULT_LIMITS, feats?: FeatsStage) {
    this.parser = parser;
    this.tokenizer = tokenizer;
    this.tagger = tagger;
    this.limits = limits;
    this.feats = feats;
  }

  parseText(text: string, options: DecodeOptions = {}): AnalyzedSentence[] {
    return this.segmentText(text).map((s) => this.analyze(s, options));
  }

  parseSentences(sentences: readonly string[], options: DecodeOptions = {}): AnalyzedSentence[] {
    return this.segmentSentences(sentences).map((s) => this.analyze(s, options));
  }

  parseTokens(input: PretokenizedInput, options: DecodeOptions = {}): AnalyzedSentence[] {
    return this.segmentTokens(input).map((s) => this.analyze(s, options));
  }

  /** Raw text → sentences of tokens; an over-long sentence is cut into pieces of maxWordsPerSentence words. */
  segmentText(text: string): SegmentedSentence[] {
    this.checkChars(text.length);
    const out: SegmentedSentence[] = [];
    for (const s of this.tokenizer.tokenize(text)) out.push(...this.cut(s));
    return out;
  }

  /** One string per sentence → its tokens (never split further); a sentence over the word limit is refused. */
  segmentSentences(sentences: readonly string[]): SegmentedSentence[] {
    this.checkChars(sentences.reduce((a, s) => a + s.length, 0));
    return sentences.map((s, i) => {
      const tokens = this.tokenizer.tokenizeSentence(s);
      const words = tokens.reduce((a, t) => a + t.words.length, 0);
      this.checkWords(words, i);
      if (tokens.length === 0) throw new ParserError('PARSER_ERR_INPUT', `sentence ${i} has no tokens`, { sentence: i });
      return { text: s, tokens };
    });
  }

  /** Tokens are joined by single spaces into the sentence's text; the last one ends the text, like every sentence's last token. */
  segmentTokens(input: PretokenizedInput): SegmentedSentence[] {
    this.checkChars(input.reduce((a, s) => a + s.reduce((b, t) => b + t.length + 1, 0), 0));
    return input.map((forms, i) => {
      this.checkWords(forms.length, i);
      if (forms.length === 0) throw new ParserError('PARSER_ERR_INPUT', `sentence ${i} has no tokens`, { sentence: i });
      let offset = 0;
      const tokens: Token[] = forms.map((form, j) => {
        if (form.length === 0 || /\s/.test(form)) {
          throw new ParserError('PARSER_ERR_INPUT', `sentence ${i}, token ${j}: a token must be non-empty and without white space`, { sentence: i, token: j });
        }
        const t: Token = { form, start: offset, end: offset + form.length, spaceAfter: true, words: [form] };
        offset += form.length + 1;
        return t;
      });
      return { text: forms.join(' '), tokens };
    });
  }

  /** Tags and parses one segmented sentence (`options`: beam width and k best, as for parse). */
  analyze(s: SegmentedSentence, options: DecodeOptions = {}): AnalyzedSentence {
    const sentence = analyzedSentence(s.text, s.tokens);
    const words = sentence.words;
    const tags = this.tagger.tag(words.map((w) => w.form), { feats: !this.feats });
    if (tags.length !== words.length) throw new Error(`the tagger gave ${tags.length} results for ${words.length} words`);
    const tree = this.parser.parseTagged(words.map((w, i) => ({ form: w.form, upos: tags[i].upos, xpos: tags[i].xpos })), options);
    if (tree.head.length !== words.length) throw new Error(`the parser gave ${tree.head.length} heads for ${words.length} words`);
    const feats = this.feats?.featsAfterParse(words.map((w, i) => ({ form: w.form, upos: tags[i].upos, xpos: tags[i].xpos, head: tree.head[i], deprel: tree.label[i] })));
    if (feats && feats.length !== words.length) throw new Error(`the FEATS stage gave ${feats.length} results for ${words.length} words`);
    words.forEach((w, i) => {
      const tag = tags[i];
      w.lemma = tag.lemma;
      w.upos = tag.upos;
      w.xpos = tag.xpos;
      w.feats = feats ? feats[i] : tag.feats;
      w.head = tree.head[i];
      w.deprel = tree.label[i];
      w.prob = tree.prob[i];
    });
    sentence.logProb = tree.logProb;
    if (tree.kbest) sentence.kbest = tree.kbest.map((k) => ({ logProb: k.logProb, heads: Array.from(k.head), deprels: k.label }));
    return sentence;
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
  private cut(s: RawSentence): SegmentedSentence[] {
    const max = this.limits.maxWordsPerSentence;
    const pieces: SegmentedSentence[] = [];
    let cur: Token[] = [], words = 0;
    const flush = (): void => {
      const first = cur[0], last = cur[cur.length - 1];
      if (!first || !last) return;
      pieces.push({ text: s.text.slice(first.start - s.start, last.end - s.start), tokens: cur });
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
}
