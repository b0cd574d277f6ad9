import { describe, it, expect } from 'vitest';
import { referenceKernels } from '../../src/kernels/index.ts';
import { ArcStandard, Move, encodeTransition } from '../../src/parser/arc-standard.ts';
import {
  ATTRS, CM_TEMPLATE, COLUMN, DEFAULT_TEMPLATE, FeatureTemplate, PARSER_ATTRIBUTES, RICH_TEMPLATE, SENTENCE_COLUMNS, type EncodedSentence,
} from '../../src/parser/features.ts';
import { createOracle } from '../../src/parser/train/oracle.ts';
import { ParserModel } from '../../src/parser/parser-model.ts';
import { buildVocabs } from '../../src/parser/train/vocabs.ts';
import { ParserState } from '../../src/parser/state.ts';
import { goldTree } from '../../src/parser/train/training-data.ts';
import type { Sentence, Word } from '../../src/ud/types.ts';
import { ModelError } from '../../src/model/errors.ts';

const SENTINEL = -999;

/** A sentence from [form, upos, xpos, head, deprel] rows. */
function sent(rows: [string, string, string, number, string][]): Sentence {
  const words: Word[] = rows.map(([form, upos, xpos, head, deprel], i) => ({
    id: i + 1, form, lemma: '_', upos, xpos, feats: '_', head, deprel, deps: '_', misc: '_',
  }));
  return { comments: [], words, lines: words.map((_, index) => ({ kind: 'word' as const, index })) };
}

const train = [
  sent([['I', 'PRON', 'PRP', 2, 'nsubj'], ['saw', 'VERB', 'VBD', 0, 'root'], ['cats', 'NOUN', 'NNS', 2, 'obj'],
    ['in', 'ADP', 'IN', 5, 'case'], ['Rome', 'PROPN', 'NNP', 3, 'nmod'], ['.', 'PUNCT', '.', 2, 'punct']]),
  sent([['The', 'DET', 'DT', 2, 'det'], ['cats', 'NOUN', 'NNS', 3, 'nsubj'], ['slept', 'VERB', 'VBD', 0, 'root'],
    ['.', 'PUNCT', '.', 3, 'punct']]),
];

describe('feature templates', () => {
  it('have one slot per spec: 70 default (18 word + 18 upos + 18 xpos + 12 label + 4 suffix), 48 Chen & Manning', () => {
    for (const specs of [DEFAULT_TEMPLATE, CM_TEMPLATE, RICH_TEMPLATE]) {
      const t = new FeatureTemplate(specs);
      expect(t.numSlots).toBe(specs.length);
      expect(t.slotAttr.length).toBe(specs.length);
      expect(Array.from(t.slotAttr, (a) => ATTRS[a])).toEqual(specs.map((s) => s.split(':')[0]));
    }
    expect(DEFAULT_TEMPLATE.length).toBe(70);
    expect(CM_TEMPLATE.length).toBe(48);
    expect(RICH_TEMPLATE.length).toBe(75); // + valency of s0/s1 on both sides + distance s1–s0
  });

  it('names every attribute in one table whose order is the weights order (word, upos, xpos, label, suffix, lval, rval, dist, pre, ctx)', () => {
    expect(ATTRS).toEqual(['word', 'upos', 'xpos', 'label', 'suffix', 'lval', 'rval', 'dist', 'pre', 'ctx']);
    expect(Object.keys(PARSER_ATTRIBUTES)).toEqual(ATTRS);
    expect(SENTENCE_COLUMNS.every((c) => ATTRS.includes(c))).toBe(true);
  });

  it.each(['foo:s0', 'label:s0', 'label:b1', 'word:x9', 'word:s', 'word', 'upos:lc3(s0)', 'upos:lc1(s0'])('rejects "%s"', (spec) => {
    expect(() => new FeatureTemplate(['word:s0', spec])).toThrow(ModelError);
  });

  const TEMPLATES: [string, readonly string[]][] = [['DEFAULT', DEFAULT_TEMPLATE], ['RICH', RICH_TEMPLATE]];
  it.each(TEMPLATES)('%s: every slot gets an id inside its table, in every oracle state (unknown words included)', (_name, specs) => {
    const model = new ParserModel(referenceKernels(new WebAssembly.Memory({ initial: 2 })), {
      template: [...specs], wordDim: 4, tagDim: 2, labelDim: 2, suffixDim: 2, hidden: 4, activation: 'cube',
    }, buildVocabs(train).vocabs);
    const tables = model.net.shape.tables;
    const tableOfSlot = Array.from(model.template.slotAttr, (a) => tables[model.tableOf(ATTRS[a])]);
    // A test sentence with words, tags and suffixes never seen in training.
    const test = sent([['Zorgs', 'NOUN', 'NNS', 2, 'nsubj'], ['saw', 'VERB', 'VBD', 0, 'root'], ['the', 'DET', 'DT', 4, 'det'],
      ['cats', 'NOUN', 'NNS', 2, 'obj'], ['in', 'ADP', 'IN', 6, 'case'], ['Quuxland', 'PROPN', 'NNPS', 4, 'nmod'],
      ['!', 'PUNCT', 'SYM', 2, 'punct']]);
    const enc = model.encode(test.words);
    const gold = goldTree(model, test);
    const oracle = createOracle('static', model.system);
    const state = new ParserState(test.words.length);
    const out = new Int32Array(model.template.numSlots + 2);
    oracle.start(gold);
    state.reset(gold.n);
    let states = 0;
    for (;;) {
      out.fill(SENTINEL);
      model.template.extract(state, enc, out, 1); // at an offset: the cells around must stay untouched
      expect(out[0]).toBe(SENTINEL);
      expect(out[out.length - 1]).toBe(SENTINEL);
      const ids = out.subarray(1, out.length - 1);
      ids.forEach((id, k) => {
        const table = tableOfSlot[k];
        expect(table, `slot ${k} has a table`).toBeDefined();
        if (!(id >= 0 && id < (table?.size ?? 0))) {
          expect.fail(`step ${state.steps}: slot ${k} (${model.template.specs[k]}) id ${id} outside table ${table?.name} of size ${table?.size}`);
        }
      });
      states++;
      if (model.system.isTerminal(state)) break;
      const t = oracle.next(state);
      oracle.observe(state, t);
      model.system.apply(state, t);
    }
    expect(states).toBe(2 * gold.n + 1);
  });

  it('CM features of one fixed state, by hand', () => {
    // Nine words with mnemonic ids: word i ↦ 10 + i, upos i ↦ 20 + i; ROOT (index 0) carries 2.
    const n = 9;
    const enc: EncodedSentence = { n, columns: SENTENCE_COLUMNS.map(() => new Int32Array(n + 1)) };
    enc.columns[COLUMN.word] = Int32Array.from({ length: n + 1 }, (_, i) => (i === 0 ? 2 : 10 + i));
    enc.columns[COLUMN.upos] = Int32Array.from({ length: n + 1 }, (_, i) => (i === 0 ? 2 : 20 + i));
    // Labels a..f = 0..5, root = 6; label features are label + 3 (past NULL/UNK/ROOT): a=3 ... f=8.
    const sys = new ArcStandard(['a', 'b', 'c', 'd', 'e', 'f', 'root'], 6);
    const S = 0, L = (l: number): number => encodeTransition(Move.Left, l), R = (l: number): number => encodeTransition(Move.Right, l);
    const s = new ParserState(n);
    s.reset(n);
    for (const t of [
      S, S, L(0), //  1 ←a 2                     stack ROOT 2
      S, S, L(1), //  3 ←b 4                     stack ROOT 2 4
      L(2), //        2 ←c 4: lc1(4)=2, lc2(4)=3  stack ROOT 4
      S, S, R(3), //  5 →d 6                     stack ROOT 4 5
      S, S, R(5), //  7 →f 8                     stack ROOT 4 5 7
      R(4), //        5 →e 7: rc1(5)=7, rc2(5)=6  stack ROOT 4 5, buffer 9
    ]) {
      expect(sys.isValid(s, t)).toBe(true);
      sys.apply(s, t);
    }
    const t = new FeatureTemplate(CM_TEMPLATE);
    const out = new Int32Array(t.numSlots).fill(SENTINEL);
    t.extract(s, enc, out);
    // Positions in order: s0=5 s1=4 s2=ROOT b0=9 b1=- b2=-  lc1(s0)=- rc1(s0)=7 lc2(s0)=- rc2(s0)=6
    // lc1(s1)=2 rc1(s1)=- lc2(s1)=3 rc2(s1)=-  lc1(lc1(s0))=- rc1(rc1(s0))=8 lc1(lc1(s1))=1 rc1(rc1(s1))=-
    expect(Array.from(out.subarray(0, 18))).toEqual([15, 14, 2, 19, 0, 0, 0, 17, 0, 16, 12, 0, 13, 0, 0, 18, 11, 0]);
    expect(Array.from(out.subarray(18, 36))).toEqual([25, 24, 2, 29, 0, 0, 0, 27, 0, 26, 22, 0, 23, 0, 0, 28, 21, 0]);
    // Labels of the 12 child positions: 7 has e, 6 has d, 2 has c, 3 has b, 8 has f, 1 has a.
    expect(Array.from(out.subarray(36, 48))).toEqual([0, 7, 0, 6, 5, 0, 4, 0, 0, 8, 3, 0]);
  });
});
