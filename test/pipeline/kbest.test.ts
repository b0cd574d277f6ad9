import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { loadParserSync, readConllu, toSentences, writeConllu } from '../../src/index.ts';
import { ParserError } from '../../src/ud/errors.ts';
import { isWellFormedTree } from '../../src/ud/tree.ts';
import { NEEDS, describeWhen } from '../helpers/needs.ts';

/** The shipped bundle with the parser's temperature removed (a copy of its manifest; the other files linked). */
function untemperedBundle(): string {
  const shipped = fileURLToPath(new URL('../../models/en_ewt', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'arcparse-untempered-'));
  for (const c of ['tagger', 'tokenizer', 'vectors']) symlinkSync(join(shipped, c), join(dir, c));
  mkdirSync(join(dir, 'parser'));
  for (const f of ['vocab.json', 'weights.bin']) symlinkSync(join(shipped, 'parser', f), join(dir, 'parser', f));
  const manifest = JSON.parse(readFileSync(join(shipped, 'parser', 'manifest.json'), 'utf8')) as { config: { temperature?: number } };
  delete manifest.config.temperature;
  writeFileSync(join(dir, 'parser', 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

/** k-best trees and tree log-probabilities through the library API and CoNLL-U, with the shipped model. */
describeWhen([NEEDS.shippedModel], 'k-best trees and tree log-probabilities', () => {
  const parser = loadParserSync();
  const text = 'The European Central Bank raised interest rates on Thursday. Dogs bark.';

  it('greedy output carries each tree\'s log-probability (≤ 0, the sum over its transitions)', () => {
    const sentences = parser.parse(text);
    for (const s of sentences) {
      expect(s.logProb).toBeDefined();
      expect(s.logProb ?? 1).toBeLessThanOrEqual(0);
      expect(s.kbest).toBeUndefined();
    }
    // The shipped model reports word probabilities at its fitted temperature, the tree's at temperature 1:
    // the same model without the temperature reports both at 1, where the attaching transitions alone
    // cannot be less likely than the whole derivation.
    const untempered = untemperedBundle();
    for (const s of loadParserSync(untempered).parse(text)) {
      expect(s.words.reduce((a, w) => a + Math.log(w.prob), 0)).toBeGreaterThanOrEqual((s.logProb ?? 0) - 1e-6);
    }
    expect(loadParserSync(untempered).parse(text).map((s) => s.logProb)).toEqual(sentences.map((s) => s.logProb));
  });

  it('{ kbest: k } gives k distinct well-formed trees per sentence, best first, log-probabilities non-increasing', () => {
    const sentences = parser.parse(text, { kbest: 4 });
    for (const s of sentences) {
      const alts = s.kbest ?? [];
      expect(alts.length).toBe(4);
      expect(alts[0].heads).toEqual(s.words.map((w) => w.head));
      expect(alts[0].deprels).toEqual(s.words.map((w) => w.deprel));
      expect(alts[0].logProb).toBe(s.logProb);
      expect(new Set(alts.map((a) => `${a.heads.join()}|${a.deprels.join()}`)).size).toBe(4);
      alts.forEach((a, r) => {
        expect(isWellFormedTree([0, ...a.heads], a.heads.length)).toBe(true);
        if (r > 0) expect(a.logProb).toBeLessThanOrEqual(alts[r - 1].logProb);
      });
    }
  });

  it('writes each alternative as a copy of the sentence with # kbest_rank and # log_prob, which reads back', () => {
    const sentences = parser.parse(text, { kbest: 3 });
    const conllu = writeConllu(toSentences(sentences));
    const back = readConllu(conllu);
    expect(back.length).toBe(2 * 3);
    expect(back.map((s) => s.comments.find((c) => c.startsWith('# kbest_rank')))).toEqual(
      ['# kbest_rank = 1', '# kbest_rank = 2', '# kbest_rank = 3', '# kbest_rank = 1', '# kbest_rank = 2', '# kbest_rank = 3']);
    expect(back[1].words.map((w) => w.head)).toEqual(sentences[0].kbest?.[1].heads);
    expect(writeConllu(toSentences(sentences, { kbest: false }))).toBe(writeConllu(toSentences(parser.parse(text, { beam: 6 }))));
  });

  it('parseKBest gives the k best trees of tagged tokens', () => {
    const tokens = [{ form: 'Dogs', upos: 'NOUN', xpos: 'NNS' }, { form: 'bark', upos: 'VERB', xpos: 'VBP' }, { form: 'at', upos: 'ADP', xpos: 'IN' },
      { form: 'night', upos: 'NOUN', xpos: 'NN' }, { form: '.', upos: 'PUNCT', xpos: '.' }];
    const alts = parser.parseKBest(tokens, 3);
    expect(alts.length).toBe(3);
    expect(alts[0].tokens.map((t) => t.head)).toEqual(parser.parse(tokens, { beam: 6 }).map((t) => t.head));
    for (const a of alts) for (const t of a.tokens) expect(t.prob).toBeGreaterThan(0);
  });

  it('refuses bad decoding options with PARSER_ERR_INPUT', () => {
    for (const bad of [{ beam: 0 }, { beam: 1.5 }, { kbest: 1000 }, { kbest: -1 }, { beem: 2 }]) {
      expect(() => parser.parse(text, bad as never), JSON.stringify(bad)).toThrow(ParserError);
    }
  });
});
