import { describe, expect, it } from 'vitest';
import { readConllu, writeConllu } from '../../src/ud/conllu.ts';
import { Tokenizer, toConllu } from '../../src/tokenizer/index.ts';

describe('toConllu', () => {
  const tok = Tokenizer.load();

  it('writes multiword lines, SpaceAfter=No, # text and # newpar, readable as CoNLL-U', () => {
    const text = "I don't know.\n\nBush's plan, ok";
    const conllu = writeConllu(toConllu(tok.tokenize(text), text));
    expect(conllu).toBe([
      '# newpar', "# text = I don't know.",
      '1\tI\t_\t_\t_\t_\t_\t_\t_\t_',
      "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_",
      '2\tdo\t_\t_\t_\t_\t_\t_\t_\t_',
      "3\tn't\t_\t_\t_\t_\t_\t_\t_\t_",
      '4\tknow\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No',
      '5\t.\t_\t_\t_\t_\t_\t_\t_\t_',
      '',
      '# newpar', "# text = Bush's plan, ok",
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
});
