import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/model/errors.ts';
import { DEFAULT_TOKENIZER_DIR, Tokenizer, emptyLexicon } from '../../src/tokenizer/index.ts';
import { LANGUAGE_FILE, type TokenizerLanguage, TokenizerLanguageSchema, loadLanguage } from '../../src/tokenizer/language.ts';
import { NEEDS, describeWhen } from '../helpers/needs.ts';

const ENGLISH_FILE = join(DEFAULT_TOKENIZER_DIR, LANGUAGE_FILE);
const english = (): TokenizerLanguage => TokenizerLanguageSchema.parse(JSON.parse(readFileSync(ENGLISH_FILE, 'utf8')));

/** A directory whose language.json is `content` (an object, or raw text). */
function dirWith(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'arcparse-lang-'));
  writeFileSync(join(dir, LANGUAGE_FILE), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

function loadError(dir: string): ModelError {
  try {
    loadLanguage(dir);
  } catch (e) {
    if (e instanceof ModelError) return e;
    throw e;
  }
  throw new Error('language data loaded although it should not');
}

describe('language data (tokenizer/language.json)', () => {
  it('the English data loads and drives the rules: clitics, contractions, kept compounds', () => {
    const tok = new Tokenizer(emptyLexicon(), loadLanguage(DEFAULT_TOKENIZER_DIR));
    const words = (text: string): string[][] => tok.tokenizeSentence(text).map((t) => t.words);
    expect(words("I'd've gone, dont worry, isn't it")).toEqual([['I', "'d", "'ve"], ['gone'], [','], ['do', 'nt'], ['worry'], [','], ['is', "n't"], ['it']]);
    expect(tok.tokenizeSentence('Call 713-853-6250 on 3/15 at AT&T w/o fail').map((t) => t.form))
      .toEqual(['Call', '713-853-6250', 'on', '3/15', 'at', 'AT&T', 'w/o', 'fail']);
  });

  it('another language is only data: without clitics or contractions the English splits do not happen', () => {
    const bare: TokenizerLanguage = { ...english(), negationClitics: [], clitics: [], possessiveAfter: [], contractions: {}, wholeTokenPatterns: [] };
    const tok = new Tokenizer(emptyLexicon(), bare);
    expect(tok.tokenizeSentence("I'm sure dont 3/15").map((t) => t.words)).toEqual([["I'm"], ['sure'], ['dont'], ['3'], ['/'], ['15']]);
  });

  it('the month/day pattern keeps exactly what the former rule kept (month 1–12, day 5–31; 1/2 is a fraction)', () => {
    const re = new RegExp(`^(?:${english().wholeTokenPatterns[1]?.pattern ?? ''})$`, 'u');
    const digits = Array.from({ length: 100 }, (_, i) => [String(i), i < 10 ? `0${i}` : undefined]).flat().filter((x): x is string => x !== undefined);
    for (const a of digits) {
      for (const b of digits) {
        const was = Number(a) >= 1 && Number(a) <= 12 && Number(b) >= 5 && Number(b) <= 31;
        if (re.test(`${a}/${b}`) !== was) expect.fail(`${a}/${b}: pattern ${!was}, former rule ${was}`);
      }
    }
  });

  it.each([
    ['a missing file', null, 'MODEL_ERR_NOT_FOUND', /language\.json/],
    ['a file that is not JSON', '{"language": ', 'MODEL_ERR_MANIFEST', /language\.json: not valid JSON/],
    ['a field of the wrong type', { ...english(), clitics: 's' }, 'MODEL_ERR_MANIFEST', /language\.json: clitics: /],
    ['a contraction whose word lengths do not add up', { ...english(), contractions: { dont: [2, 3] } }, 'MODEL_ERR_MANIFEST', /language\.json: contractions: the word lengths/],
    ['a negation clitic without its apostrophe', { ...english(), negationClitics: ['nt'] }, 'MODEL_ERR_MANIFEST', /language\.json: negationClitics\.0: /],
    ['a pattern that is not a regular expression', { ...english(), wholeTokenPatterns: [{ pattern: '(\\d+', examples: ['1'] }] },
      'MODEL_ERR_INVALID', /language\.json: wholeTokenPatterns\.0: Invalid regular expression/],
    ['a pattern that misses its example', { ...english(), wholeTokenPatterns: [{ pattern: '\\d+/\\d+', examples: ['3-4'] }] },
      'MODEL_ERR_INVALID', /language\.json: wholeTokenPatterns\.0: the pattern does not match its example "3-4"/],
  ])('refuses %s with a ModelError naming the file', (_what, content, code, message) => {
    const dir = content === null ? mkdtempSync(join(tmpdir(), 'arcparse-lang-')) : dirWith(content);
    const err = loadError(dir);
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect(err.details.file).toBe(join(dir, LANGUAGE_FILE));
  });
});

describeWhen([NEEDS.shippedModel], 'a tokenizer model without its language data', () => {
  it('does not load: Tokenizer.load names the missing language.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arcparse-tok-'));
    cpSync(DEFAULT_TOKENIZER_DIR, dir, { recursive: true });
    rmSync(join(dir, LANGUAGE_FILE));
    expect(() => Tokenizer.load(dir)).toThrow(ModelError);
    expect(() => Tokenizer.load(dir)).toThrow(join(dir, LANGUAGE_FILE));
  });
});
