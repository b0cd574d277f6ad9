import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Lemmatizer } from '../../src/tagger/lemmatizer.ts';
import { type LemmaPair, learnLemmatizer } from '../../src/tagger/train/learn-lemmatizer.ts';

const pairs = (rows: string): LemmaPair[] => rows.trim().split('\n').map((r) => {
  const [form, tag, lemma] = r.trim().split(/\s+/) as [string, string, string];
  return { form, tag, lemma };
});

const training = pairs(`
  walked VBD walk
  talked VBD talk
  played VBD play
  opened VBD open
  went VBD go
  studies NNS study
  flies NNS fly
  cities NNS city
  dogs NNS dog
  cats NNS cat
  books NNS book
  saw VBD see
  saw NN saw
  The DT the
  the DT the
  A DT a
  London NNP London
  Paris NNP Paris
  running VBG run
  walking VBG walk
  talking VBG talk
  Talking VBG talk
  Opened VBD open
  I PRP I
  better JJR good
`);

describe('Lemmatizer', () => {
  const lem = learnLemmatizer(training);

  it('returns every training lemma (table and rules together)', () => {
    for (const p of training) expect(lem.lemmatize(p.form, p.tag)).toBe(p.lemma);
  });

  it('applies learned suffix rules to unseen words', () => {
    expect(lem.lemmatize('jumped', 'VBD')).toBe('jump');
    expect(lem.lemmatize('parties', 'NNS')).toBe('party');
    expect(lem.lemmatize('rats', 'NNS')).toBe('rat');
    expect(lem.lemmatize('jumping', 'VBG')).toBe('jump');
  });

  it('keys on the tag: the same form gets the lemma of its tag', () => {
    expect(lem.lemmatize('saw', 'VBD')).toBe('see');
    expect(lem.lemmatize('saw', 'NN')).toBe('saw');
  });

  it('lowercases common words and keeps proper nouns as written', () => {
    expect(lem.lemmatize('Dogs', 'NNS')).toBe('dog');
    expect(lem.lemmatize('Walked', 'VBD')).toBe('walk');
    expect(lem.lemmatize('Berlin', 'NNP')).toBe('Berlin');
    expect(lem.lemmatize('An', 'DT')).toBe('an');
  });

  it('an irregular form does not become the rule for its suffix', () => {
    // "went → go" is one type against the regular "-ed"/identity evidence: "spent" keeps its stem.
    expect(lem.lemmatize('dent', 'VBD')).not.toBe('dgo');
  });

  it('survives a JSON round trip', () => {
    const copy = new Lemmatizer(JSON.parse(JSON.stringify(lem.toJSON())));
    for (const w of ['jumped', 'parties', 'saw', 'London', 'Walked', 'xyz']) {
      for (const t of ['VBD', 'NNS', 'NN', 'NNP', 'UNSEEN']) expect(copy.lemmatize(w, t)).toBe(lem.lemmatize(w, t));
    }
  });

  it('never throws and returns a string for any form and tag', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), fc.constantFrom('VBD', 'NNS', 'NNP', 'XX', ''), (form, tag) => {
      const lemma = lem.lemmatize(form, tag);
      expect(typeof lemma).toBe('string');
      if (form !== '') expect(lemma).not.toBe('');
    }), { numRuns: 500, seed: 3 });
    expect(lem.lemmatize('', 'VBD')).toBe('');
    expect(lem.lemmatize('ed', 'VBD')).toBe('ed'); // the rule would strip everything
    expect(lem.lemmatize('😀😀', 'NNS')).toBe('😀😀');
  });
});
