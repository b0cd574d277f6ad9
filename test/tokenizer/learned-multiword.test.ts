/**
 * A tokenizer learned from a small sample of UD French Sequoia: multiword tokens whose words do not
 * spell the form (`du` → `de le`, `au` → `à le`) come from the treebank's multiword lines, and the
 * language data (elisions, hyphen clitics) from its tokens; nothing French is in the code.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { Tokenizer, emptyLexicon } from '../../src/tokenizer/index.ts';
import { readingOf } from '../../src/tokenizer/multiword.ts';
import { learnLanguage } from '../../src/tokenizer/train/learn-language.ts';
import { learnLexicon } from '../../src/tokenizer/train/learn-lexicon.ts';
import { readConllu } from '../../src/ud/conllu.ts';
import { SEQUOIA_TRAIN } from '../helpers/data.ts';
import { NEEDS, describeWhen } from '../helpers/needs.ts';

it('a reading whose words do not spell the form takes the form\'s capitals on its first word', () => {
  expect(readingOf('du', ['de', 'le'])).toEqual(['de', 'le']);
  expect(readingOf('Du', ['de', 'le'])).toEqual(['De', 'le']);
  expect(readingOf('AU', ['à', 'le'])).toEqual(['À', 'le']);
  expect(readingOf('gonna', ['gon', 'na'])).toEqual(['gon', 'na']);
});

it('a bracketed ending stays on its word when the language data says so (learned from Sequoia: traité(e))', () => {
  const base = learnLanguage([], 'fr');
  const forms = (bracketSuffixes: boolean, text: string): string[] =>
    new Tokenizer(emptyLexicon(), { ...base, bracketSuffixes }).tokenizeSentence(text).map((t) => t.form);
  expect(forms(true, 'AUTRE(S) traité(e), f(x)y (S)')).toEqual(['AUTRE(S)', 'traité(e)', ',', 'f', '(', 'x', ')', 'y', '(', 'S', ')']);
  expect(forms(false, 'AUTRE(S)')).toEqual(['AUTRE', '(', 'S', ')']);
});

describeWhen([NEEDS.sequoia], 'multiword tokens learned from 400 Sequoia sentences', () => {
  const sample = readConllu(readFileSync(SEQUOIA_TRAIN, 'utf8'), SEQUOIA_TRAIN).slice(0, 400);
  const language = learnLanguage(sample, 'fr');
  const lexicon = learnLexicon(sample, language);
  const tok = new Tokenizer(lexicon, language);
  const words = (text: string): string[] => tok.tokenizeSentence(text).flatMap((t) => t.words);

  it('learns du → de le and au → à le (and aux → à les) as expansions', () => {
    expect(lexicon.expansions?.du).toEqual(['de', 'le']);
    expect(lexicon.expansions?.au).toEqual(['à', 'le']);
    expect(lexicon.expansions?.aux).toEqual(['à', 'les']);
  });

  it('learns the elisions of the language data from the tokens', () => {
    expect(language.language).toBe('fr');
    expect(language.elisions).toEqual(expect.arrayContaining(['l', 'd', 'qu']));
    expect(language.clitics).toEqual([]);
  });

  it('splits raw French text into the treebank\'s words', () => {
    expect(words("Du pain au marché, l'homme parle aux enfants.")).toEqual(['De', 'le', 'pain', 'à', 'le', 'marché', ',', "l'", 'homme', 'parle', 'à', 'les', 'enfants', '.']);
    const du = tok.tokenizeSentence('Il vient du port.')[2];
    expect(du).toMatchObject({ form: 'du', words: ['de', 'le'] });
  });
});
