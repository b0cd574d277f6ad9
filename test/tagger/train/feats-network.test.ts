/**
 * FEATS by a network after parsing: the targets it reads from the tree, what it learns (agreement
 * with the subject, which the words alone cannot tell), its limits (only FEATS seen with the class)
 * and its files.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATS_TARGETS, FeatsTemplate } from '../../../src/tagger/feats-model.ts';
import { Tagger } from '../../../src/tagger/index.ts';
import { loadTaggerModel } from '../../../src/tagger/serialize.ts';
import { learnFeatsVocab } from '../../../src/tagger/train/train-feats.ts';
import { DEFAULT_TAGGER_OPTIONS, trainTagger, trainTaggerModel } from '../../../src/tagger/train/train-tagger.ts';
import { readConllu } from '../../../src/ud/conllu.ts';
import { damagedCopy, editVocab, modelError } from '../../helpers/model-files.ts';

const agreement = readConllu(readFileSync(new URL('../../fixtures/agreement.conllu', import.meta.url), 'utf8'), 'agreement.conllu');
const tiny = { ...DEFAULT_TAGGER_OPTIONS, epochs: 40, patience: 40, hidden: 24, wordDim: 8, shapeDim: 4, affixDim: 8,
  ambDim: 4, cwordDim: 4, tagDim: 4, dropout: 0, wordDropout: 0, inputDropout: 0, emaDecay: 0, lr: 0.01, lrDecay: 1, batchSize: 4, minAffixCount: 1,
  ambMinCount: 1, minCasedCount: 1, featsDim: 8, featsHidden: 24, featsNoTree: 0.5 };
const FIN = (n: string, p: string): string => `Mood=Ind|Number=${n}|Person=${p}|Tense=Past|VerbForm=Fin`;

describe('the FEATS network\'s view of the tree', () => {
  const { model } = trainTaggerModel(agreement, [], { ...tiny, epochs: 1 });
  const fm = model.featsModel;
  const T = FEATS_TARGETS.length;
  const at = (targets: Int32Array, i: number, t: (typeof FEATS_TARGETS)[number]): number => targets[i * T + FEATS_TARGETS.indexOf(t)] ?? -99;

  it('finds subject, subject\'s conjunct, head\'s subject, head\'s head, aux and mark; ROOT and "none" apart', () => {
    if (!fm) throw new Error('no FEATS network');
    const ws = fm.newWorkspace();
    // 1 John 2 and 3 Mary 4 have 5 to 6 go 7 and 8 stay: John→6 nsubj, and→3 cc, Mary→1 conj, have→6 aux, to→6 mark, go root, and→8 cc, stay→6 conj
    const tree: [number, string][] = [[6, 'nsubj'], [3, 'cc'], [1, 'conj'], [6, 'aux'], [6, 'mark'], [0, 'root'], [8, 'cc'], [6, 'conj']];
    fm.prepare(tree.map(([head, deprel]) => ({ cls: 0, head, deprel })), ws);
    const go = 5, stay = 7;
    expect(at(ws.targets, go, 'subj')).toBe(0);
    expect(at(ws.targets, go, 'subjconj')).toBe(2);
    expect(at(ws.targets, go, 'aux')).toBe(3);
    expect(at(ws.targets, go, 'mark')).toBe(4);
    expect(at(ws.targets, go, 'head')).toBe(-2); // ROOT
    expect(at(ws.targets, go, 'hsubj')).toBe(-1);
    expect(at(ws.targets, stay, 'subj')).toBe(-1);
    expect(at(ws.targets, stay, 'hsubj')).toBe(0); // "stay" agrees with the subject of "go"
    expect(at(ws.targets, 0, 'hhead')).toBe(-2);
    expect(at(ws.targets, 0, 'prev')).toBe(-1);
    fm.prepare(tree.map(() => ({ cls: 0, head: -1, deprel: '' })), ws); // no tree: only the word window
    expect(FEATS_TARGETS.map((t) => at(ws.targets, go, t))).toEqual(FEATS_TARGETS.map((t) => (t === 'self' ? go : t === 'prev' ? go - 1 : t === 'next' ? go + 1 : -1)));
  });

  it('a FEATS template names an attribute and a target', () => {
    expect(new FeatsTemplate(['word:subj', 'cls:hsubj']).numSlots).toBe(2);
    expect(() => new FeatsTemplate(['colour:self'])).toThrow(/bad FEATS feature/);
    expect(() => new FeatsTemplate(['word:grandmother'])).toThrow(/bad FEATS feature/);
    expect(() => new FeatsTemplate(['word:self:1'])).toThrow(/bad FEATS feature/);
  });

  it('the FEATS strings a class allows are the ones seen with it', () => {
    const v = learnFeatsVocab(agreement, model.vocabs.classes);
    const vbd = model.vocabs.classes.indexOf('VERB\tVBD');
    expect((v.byClass[vbd] ?? []).map((f) => v.strings[f]).sort()).toEqual([FIN('Plur', '1'), FIN('Plur', '3'), FIN('Sing', '1'), FIN('Sing', '3')].sort());
    expect((v.byClass[model.vocabs.classes.indexOf('PUNCT\t.')] ?? []).map((f) => v.strings[f])).toEqual(['_']);
  });
});

describe('a tagger with a FEATS network, trained on sentences where verbs agree with their subject', () => {
  const dir = mkdtempSync(join(tmpdir(), 'arcparse-feats-'));
  trainTagger(agreement, agreement, dir, tiny);
  const tagger = Tagger.load(dir);
  const parsed = (s: (typeof agreement)[number]) => s.words.map((w) => ({ form: w.form, upos: w.upos, xpos: w.xpos, head: w.head, deprel: w.deprel }));

  it('after parsing, gives every training word its FEATS: the verb\'s Person and Number come from the tree', () => {
    for (const s of agreement) expect(tagger.featsAfterParse(parsed(s))).toEqual(s.words.map((w) => w.feats));
  });

  it('agrees with a subject it saw, on a verb it never saw', () => {
    const feats = tagger.featsAfterParse([
      { form: 'They', upos: 'PRON', xpos: 'PRP', head: 2, deprel: 'nsubj' },
      { form: 'stayed', upos: 'VERB', xpos: 'VBD', head: 0, deprel: 'root' },
    ]);
    expect(feats[1]).toBe(FIN('Plur', '3'));
  });

  it('before parsing (the tagger alone), FEATS are still among those the class allows', () => {
    const allowed = new Set(agreement.flatMap((s) => s.words.map((w) => `${w.xpos} ${w.feats}`)));
    for (const s of agreement) for (const t of tagger.tag(s.words.map((w) => w.form))) expect(allowed).toContain(`${t.xpos} ${t.feats}`);
    expect(tagger.tag(['I', 'left'], { feats: false }).map((t) => t.feats)).toEqual(['_', '_']);
  });

  it('words tagged with a class it does not know get no FEATS', () => {
    expect(tagger.featsAfterParse([{ form: 'xyz', upos: 'X', xpos: 'FW', head: 0, deprel: 'root' }])).toEqual(['_']);
  });

  it('refuses a FEATS network vocabulary that does not fit the classes, naming vocab.json', () => {
    const bad = damagedCopy(dir, (d) => editVocab(d, (v) => ({ ...v, featsNetwork: { ...(v.featsNetwork as Record<string, unknown>), byClass: [[0]] } })));
    const err = modelError(() => loadTaggerModel(bad));
    expect(err.code).toBe('MODEL_ERR_MANIFEST');
    expect(err.message).toContain('vocab.json');
  });
});
