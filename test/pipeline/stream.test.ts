/**
 * Input of any size: the chunker (paragraph breaks, sentence starts in text without them), and
 * parseStream against the whole-input calls; lazy components (what a call loads).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadParserSync } from '../../src/api/parser.ts';
import { lastParagraphBreak, textChunks } from '../../src/pipeline/chunks.ts';
import { DECODE_BYTES, decodeText } from '../../src/api/stream.ts';
import { readConllu, writeConllu } from '../../src/ud/conllu.ts';
import type { AnalyzedSentence } from '../../src/ud/analyzed.ts';
import { NEEDS, describeWhen } from '../helpers/needs.ts';

async function* pieces(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function chunks(text: string, maxChars: number, sentenceCut: (w: string) => number): Promise<{ text: string; offset: number }[]> {
  const out: { text: string; offset: number }[] = [];
  for await (const c of textChunks(pieces(text, 7), { maxChars, sentenceCut })) out.push(c);
  return out;
}

describe('decodeText', () => {
  it('decodes big byte pieces DECODE_BYTES at a time, characters cut at any boundary whole', async () => {
    // Two- to four-byte characters throughout, so some straddle every cut (the pieces' and DECODE_BYTES').
    const text = Array.from({ length: 30_000 }, (_, i) => ['a', 'é', '€', '\u{1F600}', ' '][i % 5]).join('');
    const bytes = new TextEncoder().encode(text);
    async function* byteSlices(size: number): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    }
    for (const size of [65_536, 1_000, bytes.length]) {
      const out: string[] = [];
      for await (const s of decodeText(byteSlices(size))) out.push(s);
      expect(out.join('')).toBe(text);
      // No string longer than what DECODE_BYTES bytes can give (one UTF-16 unit per byte, plus a held-back character).
      for (const s of out) expect(s.length).toBeLessThanOrEqual(DECODE_BYTES + 2);
    }
  });
});

describe('textChunks', () => {
  it('cuts after paragraph breaks, never beyond maxChars, and the chunks join to the input', async () => {
    const text = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} has words.`).join('\n\n');
    const cs = await chunks(text, 100, () => { throw new Error('not needed: there are paragraph breaks'); });
    expect(cs.map((c) => c.text).join('')).toBe(text);
    expect(cs.length).toBeGreaterThan(5);
    for (const c of cs) {
      expect(c.text.length).toBeLessThanOrEqual(100);
      expect(text.slice(c.offset, c.offset + c.text.length)).toBe(c.text);
    }
    for (const c of cs.slice(0, -1)) expect(c.text.endsWith('\n\n')).toBe(true);
  });

  it('cuts text without paragraph breaks where sentenceCut says, so one long paragraph is many chunks', async () => {
    const text = 'This is one sentence. '.repeat(200);
    const cs = await chunks(text, 500, (w) => w.lastIndexOf('This'));
    expect(cs.length).toBeGreaterThan(8);
    expect(cs.map((c) => c.text).join('')).toBe(text);
    for (const c of cs) expect(c.text.startsWith('This')).toBe(true);
  });

  it('finds the last blank line (spaces between the line breaks count)', () => {
    expect(lastParagraphBreak('a\n \nb\n\nc', 100)).toBe(7);
    expect(lastParagraphBreak('a\nb\nc', 100)).toBe(-1);
  });
});

describeWhen([NEEDS.shippedModel, NEEDS.ewt], 'parseStream with the shipped model', () => {
  const dev = readFileSync(new URL('../../../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu', import.meta.url), 'utf8');

  it('CoNLL-U with kept tags: the same sentences as parseConllu, and no tagger or tokenizer loaded', async () => {
    const parser = loadParserSync();
    const gold = readConllu(dev).slice(0, 300);
    const text = writeConllu(gold);
    const streamed = [];
    for await (const s of parser.parseStream(pieces(text, 4096), { from: 'conllu', keepTags: true })) streamed.push(s);
    expect(writeConllu(streamed)).toBe(writeConllu(parser.parseConllu(gold, { keepTags: true })));
    expect(parser.loaded).toEqual({ parser: true, tagger: false, tokenizer: false });
    parser.parse([{ form: 'Dogs', upos: 'NOUN', xpos: 'NNS' }, { form: 'bark', upos: 'VERB', xpos: 'VBP' }]);
    expect(parser.loaded).toEqual({ parser: true, tagger: false, tokenizer: false });
    parser.parse([['Dogs', 'bark', '.']]);
    expect(parser.loaded).toEqual({ parser: true, tagger: true, tokenizer: false });
  });

  it('raw text in small chunks: the sentences and offsets of one parse() call', async () => {
    const parser = loadParserSync();
    const text = 'The first paragraph has two sentences. Here is the second.\n\nA new paragraph starts here! It ends now.\n\n'.repeat(20);
    const whole = parser.parse(text);
    const streamed: AnalyzedSentence[] = [];
    for await (const s of parser.parseStream(pieces(text, 33), { chunkChars: 300 })) streamed.push(s);
    expect(streamed.map((s) => [s.start, s.end, s.text])).toEqual(whole.map((s) => [s.start, s.end, s.text]));
    expect(streamed.map((s) => s.words.map((w) => [w.start, w.head, w.deprel]))).toEqual(whole.map((s) => s.words.map((w) => [w.start, w.head, w.deprel])));
  });

  it('two loads of one bundle share their weights and tables (one model per process)', () => {
    const a = loadParserSync(), b = loadParserSync();
    const ptrs = (p: typeof a): number[] => (p as unknown as { model: { net: { params: { ptr: number }[] } } }).model.net.params.map((t) => t.ptr);
    expect(ptrs(b)).toEqual(ptrs(a));
  });
});
