import { describe, expect, it } from 'vitest';
import type { ParsedTree } from '../../src/parser/decode.ts';
import { Pipeline } from '../../src/pipeline/pipeline.ts';
import type { FeatsStage, ParseStage, TagStage, TokenizeStage } from '../../src/pipeline/stages.ts';
import type { TagOptions } from '../../src/tagger/tagger.ts';
import type { RawSentence, Token } from '../../src/tokenizer/types.ts';
import type { TokenInput } from '../../src/ud/types.ts';

/** White-space tokens; `can't` is a multiword token `ca n't`; a sentence ends after a token ending in `.`. */
const tokenizer: TokenizeStage = {
  tokenizeSentence(text: string): Token[] {
    return [...text.matchAll(/\S+/g)].map((m) => {
      const end = m.index + m[0].length;
      return { form: m[0], start: m.index, end, spaceAfter: end >= text.length || text[end] === ' ', words: m[0] === "can't" ? ['ca', "n't"] : [m[0]] };
    });
  },
  tokenize(text: string): RawSentence[] {
    const out: RawSentence[] = [];
    let cur: Token[] = [];
    for (const t of this.tokenizeSentence(text)) {
      cur.push(t);
      if (!t.form.endsWith('.')) continue;
      const first = cur[0] as Token;
      out.push({ text: text.slice(first.start, t.end), start: first.start, end: t.end, tokens: cur });
      cur = [];
    }
    return out;
  },
};

/** Tags every word X with its length as XPOS; lemma = lower case. */
const tagger: TagStage = {
  tag: (forms) => forms.map((f) => ({ upos: 'X', xpos: String(f.length), feats: '_', lemma: f.toLowerCase() })),
};

/** A chain: every word hangs from the next, the last from ROOT. */
const parser: ParseStage & { seen: TokenInput[][] } = {
  seen: [],
  parseTagged(tokens: readonly TokenInput[]): ParsedTree {
    this.seen.push([...tokens]);
    const n = tokens.length;
    return { head: Int32Array.from({ length: n }, (_, i) => (i === n - 1 ? 0 : i + 2)), label: tokens.map((_, i) => (i === n - 1 ? 'root' : 'dep')),
      prob: new Float32Array(n).fill(0.5), logProb: n * Math.log(0.5) };
  },
};

describe('pipeline stages', () => {
  const pipeline = new Pipeline(parser, tokenizer, tagger);

  it('tokenize → tag → parse with stand-in stages: offsets, multiword tokens, tags and the tree land on the right words', () => {
    const [a, b] = pipeline.parseText("I can't. Go home.");
    expect(a?.text).toBe("I can't.");
    expect(a?.tokens.map((t) => [t.form, t.start, t.end, t.wordIds])).toEqual([['I', 0, 1, [1]], ["can't.", 2, 8, [2]]]);
    expect(b?.start).toBe(9);
    expect(b?.words.map((w) => [w.id, w.form, w.lemma, w.xpos, w.head, w.deprel, w.start])).toEqual([
      [1, 'Go', 'go', '2', 2, 'dep', 9], [2, 'home.', 'home.', '5', 0, 'root', 12]]);
    expect(parser.seen.at(-1)).toEqual([{ form: 'Go', upos: 'X', xpos: '2' }, { form: 'home.', upos: 'X', xpos: '5' }]);
  });

  it('splits a multiword token into its words, which share the token offsets', () => {
    const [s] = pipeline.parseSentences(["I can't go"]);
    expect(s?.tokens[1]?.wordIds).toEqual([2, 3]);
    expect(s?.words.slice(1, 3).map((w) => [w.form, w.start, w.end])).toEqual([['ca', 2, 7], ["n't", 2, 7]]);
  });

  it('pre-tokenized input: one word per token, and the last token ends the text like every sentence end (space after)', () => {
    const [s] = pipeline.parseTokens([['Dogs', 'bark', '.']]);
    expect(s?.text).toBe('Dogs bark .');
    expect(s?.tokens.map((t) => t.spaceAfter)).toEqual([true, true, true]);
  });

  it('segment then analyze, sentence by sentence, gives what parse gives; segment alone tags and parses nothing', () => {
    const text = "I can't. Go home. Now.";
    const before = parser.seen.length;
    const segmented = pipeline.segmentText(text);
    expect(segmented.map((s) => s.text)).toEqual(["I can't.", 'Go home.', 'Now.']);
    expect(parser.seen.length).toBe(before);
    expect(segmented.map((s) => pipeline.analyze(s))).toEqual(pipeline.parseText(text));
    expect(pipeline.segmentTokens([['a', 'b']]).map((s) => pipeline.analyze(s))).toEqual(pipeline.parseTokens([['a', 'b']]));
    expect(pipeline.segmentSentences(['a b']).map((s) => pipeline.analyze(s))).toEqual(pipeline.parseSentences(['a b']));
  });

  it('segment checks every limit before anything is analyzed', () => {
    const small = new Pipeline(parser, tokenizer, tagger, { maxChars: 10, maxWordsPerSentence: 2 });
    const before = parser.seen.length;
    expect(() => small.segmentText('a'.repeat(11))).toThrow(/11 characters; the limit is 10/);
    expect(() => small.segmentTokens([['a'], ['a', 'b', 'c']])).toThrow(/sentence 1 has 3 words; the limit is 2/);
    expect(() => small.segmentSentences(['a', 'a b c'])).toThrow(/sentence 1 has 3 words/);
    expect(parser.seen.length).toBe(before);
  });

  it('a stage that breaks its contract (wrong number of results) is an error, not a silent default', () => {
    const short: TagStage = { tag: (forms) => tagger.tag(forms.slice(1)) };
    expect(() => new Pipeline(parser, tokenizer, short).parseSentences(['a b'])).toThrow(/1 results for 2 words/);
  });

  it('a FEATS stage runs after parsing, sees the tree, and its FEATS replace the tagger\'s (which it asks not to compute)', () => {
    const asked: (TagOptions | undefined)[] = [];
    const spy: TagStage = { tag: (forms, opts) => { asked.push(opts); return tagger.tag(forms); } };
    const feats: FeatsStage = { featsAfterParse: (words) => words.map((w) => `Head=${w.head}|Rel=${w.deprel}|Upos=${w.upos}`) };
    const [s] = new Pipeline(parser, tokenizer, spy, undefined, feats).parseTokens([['Dogs', 'bark']]);
    expect(s?.words.map((w) => w.feats)).toEqual(['Head=2|Rel=dep|Upos=X', 'Head=0|Rel=root|Upos=X']);
    expect(asked).toEqual([{ feats: false }]);
    const short: FeatsStage = { featsAfterParse: () => ['_'] };
    expect(() => new Pipeline(parser, tokenizer, tagger, undefined, short).parseTokens([['a', 'b']])).toThrow(/FEATS stage gave 1 results for 2 words/);
  });
});
