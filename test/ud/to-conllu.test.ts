import { describe, expect, it } from 'vitest';
import { Tokenizer, paragraphOpeners, toAnalyzed } from '../../src/tokenizer/index.ts';
import type { AnalyzedSentence } from '../../src/ud/analyzed.ts';
import { readConllu, writeConllu } from '../../src/ud/conllu.ts';
import { sentenceText } from '../../src/ud/raw-text.ts';
import { toSentences } from '../../src/ud/to-conllu.ts';
import { NEEDS, describeWhen } from '../helpers/needs.ts';

/** "I can't." with lemmas, tags and a tree; `spaceAfter` of the last token and the text are parameters. */
function sentence(text: string, lastSpaceAfter: boolean): AnalyzedSentence {
  const w = (id: number, form: string, lemma: string, upos: string, head: number, deprel: string, start: number, end: number) =>
    ({ id, form, lemma, upos, xpos: '', feats: '_', head, deprel, prob: 1, start, end });
  return {
    text, start: 0, end: 8,
    tokens: [
      { form: 'I', start: 0, end: 1, spaceAfter: true, wordIds: [1] },
      { form: "can't", start: 2, end: 7, spaceAfter: false, wordIds: [2, 3] },
      { form: '.', start: 7, end: 8, spaceAfter: lastSpaceAfter, wordIds: [4] },
    ],
    words: [w(1, 'I', 'I', 'PRON', 2, 'nsubj', 0, 1), w(2, 'ca', 'can', 'AUX', 0, 'root', 2, 7), w(3, "n't", '', 'PART', 2, 'advmod', 2, 7),
      w(4, '.', '.', 'PUNCT', -1, '', 7, 8)],
  };
}

describe('toSentences: pipeline output → CoNLL-U', () => {
  it('writes sent_id, a one-line # text, the multiword line with SpaceAfter=No, _ for empty columns and unparsed heads', () => {
    expect(writeConllu(toSentences([sentence("I can't\n.", true)], { sentIdPrefix: 'doc1-' }))).toBe([
      '# sent_id = doc1-1',
      "# text = I can't .",
      '1\tI\tI\tPRON\t_\t_\t2\tnsubj\t_\t_',
      "2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No",
      '2\tca\tcan\tAUX\t_\t_\t0\troot\t_\t_',
      "3\tn't\t_\tPART\t_\t_\t2\tadvmod\t_\t_",
      '4\t.\t.\tPUNCT\t_\t_\t_\t_\t_\t_',
      '', '',
    ].join('\n'));
  });

  it('collapses white space and control characters in # text, so the comment stays one line', () => {
    const [s] = toSentences([sentence('I\u0085can\u0000t\t\r\n.', true)]);
    expect(s?.comments).toEqual(['# sent_id = 1', '# text = I can t .']);
  });

  it('keeps SpaceAfter=No on the last token when the next sentence follows directly (as UD does)', () => {
    const [s] = toSentences([sentence("I can't.", false)]);
    expect(s?.words[3]?.misc).toBe('SpaceAfter=No');
    const [t] = toSentences([sentence("I can't.", true)]);
    expect(t?.words[3]?.misc).toBe('_');
  });
});

describeWhen([NEEDS.shippedModel], 'toSentences on tokenizer output', () => {
  const tok = Tokenizer.load();

  it('writes multiword lines, SpaceAfter=No, # newpar, # sent_id and # text, readable as CoNLL-U', () => {
    const text = "I don't know.\n\nBush's plan, ok";
    const sentences = tok.tokenize(text);
    const conllu = writeConllu(toSentences(toAnalyzed(sentences), { paragraphStarts: paragraphOpeners(sentences, text) }));
    expect(conllu).toBe([
      '# newpar', '# sent_id = 1', "# text = I don't know.",
      '1\tI\t_\t_\t_\t_\t_\t_\t_\t_',
      "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_",
      '2\tdo\t_\t_\t_\t_\t_\t_\t_\t_',
      "3\tn't\t_\t_\t_\t_\t_\t_\t_\t_",
      '4\tknow\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No',
      '5\t.\t_\t_\t_\t_\t_\t_\t_\t_',
      '',
      '# newpar', '# sent_id = 2', "# text = Bush's plan, ok",
      "1-2\tBush's\t_\t_\t_\t_\t_\t_\t_\t_",
      '1\tBush\t_\t_\t_\t_\t_\t_\t_\t_',
      "2\t's\t_\t_\t_\t_\t_\t_\t_\t_",
      '3\tplan\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No',
      '4\t,\t_\t_\t_\t_\t_\t_\t_\t_',
      '5\tok\t_\t_\t_\t_\t_\t_\t_\t_',
      '', '',
    ].join('\n'));
    const back = readConllu(conllu);
    expect(back.map((s) => s.words.map((w) => w.form))).toEqual([['I', 'do', "n't", 'know', '.'], ['Bush', "'s", 'plan', ',', 'ok']]);
  });

  it('is lossless: the tokens and their SpaceAfter rebuild the text (white space runs as one space), across sentence ends', () => {
    const text = "Dogs bark.Cats don't!  (Really.)\nYes.\n\nNew paragraph";
    const back = readConllu(writeConllu(toSentences(toAnalyzed(tok.tokenize(text)))));
    expect(back.length).toBeGreaterThan(2);
    // Without comments, sentenceText rebuilds a sentence from its forms and SpaceAfter=No.
    const rebuilt = back.map((s, i) => sentenceText({ ...s, comments: [] })
      + (i < back.length - 1 && lastTokenMisc(s) !== 'SpaceAfter=No' ? ' ' : '')).join('');
    expect(rebuilt).toBe(text.replace(/\s+/g, ' '));
  });
});

/** MISC of a sentence's last token line (its multiword line when it is one). */
function lastTokenMisc(s: ReturnType<typeof readConllu>[number]): string {
  const last = s.words[s.words.length - 1];
  const mwt = s.lines.find((l) => l.kind === 'extra' && l.extra.kind === 'multiword' && l.extra.last === last?.id);
  return mwt?.kind === 'extra' ? (mwt.extra.columns[9] as string) : (last?.misc ?? '_');
}
