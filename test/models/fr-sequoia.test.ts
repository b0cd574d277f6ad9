/**
 * The shipped French bundle (models/fr_sequoia, made by `arcparse train bundle`): its dev scores stay
 * at the level its card reports (floors: the measured figures minus a small margin), and its cards
 * say how it was made (the recorded command, run by today's CLI as `train bundle`) and under which
 * license (LGPL-LR, UD French Sequoia).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { loadParserSync } from '../../src/api/parser.ts';
import { scoreParses } from '../../src/ud/attachment-score.ts';
import { readConllu } from '../../src/ud/conllu.ts';
import { scoreSystem } from '../../src/ud/e2e-score.ts';
import { rawTextOf } from '../../src/ud/raw-text.ts';
import { toSentences } from '../../src/ud/to-conllu.ts';
import { isProjective } from '../../src/ud/tree.ts';
import { SEQUOIA_DEV } from '../helpers/data.ts';
import { NEEDS, bundleAt, describeWhen } from '../helpers/needs.ts';
import { cardCommand } from '../helpers/cards.ts';

const MODEL = path.resolve(import.meta.dirname, '../../models/fr_sequoia');

/** Measured with `arcparse evaluate` (see models/fr_sequoia/README.md). */
const MEASURED = { tokens: 99.84, words: 99.56, sentences: 92.2, upos: 96.87, las: 83.84, goldLas: 89.07 };
const MARGIN = { tokens: 0.1, words: 0.1, sentences: 1.0, upos: 0.3, las: 0.5, goldLas: 0.5 };

describeWhen([bundleAt(MODEL)], 'the French bundle\'s cards', () => {
  it.each(['parser', 'tagger', 'tokenizer'])('%s: the card\'s command is the recorded `arcparse train bundle` command, the license LGPL-LR', (part) => {
    const card = readFileSync(path.join(MODEL, part, 'README.md'), 'utf8');
    const manifest = JSON.parse(readFileSync(path.join(MODEL, part, 'manifest.json'), 'utf8')) as { training?: { command?: string } };
    expect(cardCommand(card)).toBe(manifest.training?.command);
    expect(cardCommand(card)).toMatch(/^arcparse train bundle --train \S*fr_sequoia-ud-train\.conllu --dev \S*fr_sequoia-ud-dev\.conllu --out models\/fr_sequoia/);
    expect(card).toMatch(/French Sequoia/);
    expect(card).toMatch(/LGPL-LR/);
  });
});

describeWhen([NEEDS.sequoia, bundleAt(MODEL)], 'the French bundle on UD French Sequoia dev', () => {
  const gold = readConllu(readFileSync(SEQUOIA_DEV, 'utf8'), SEQUOIA_DEV);
  const parser = loadParserSync('fr_sequoia');

  it('from raw text: tokens, words, sentences, UPOS and LAS at the measured level', { timeout: 120_000 }, () => {
    const s = scoreSystem(gold, toSentences(parser.parse(rawTextOf(gold))));
    console.log(`Sequoia dev (raw text): tokens ${s.tokens.f1.toFixed(2)} words ${s.words.f1.toFixed(2)} sentences ${s.sentences.f1.toFixed(2)} UPOS ${s.upos.f1.toFixed(2)} LAS ${s.las.f1.toFixed(2)}`);
    expect(s.tokens.f1).toBeGreaterThan(MEASURED.tokens - MARGIN.tokens);
    expect(s.words.f1).toBeGreaterThan(MEASURED.words - MARGIN.words);
    expect(s.sentences.f1).toBeGreaterThan(MEASURED.sentences - MARGIN.sentences);
    expect(s.upos.f1).toBeGreaterThan(MEASURED.upos - MARGIN.upos);
    expect(s.las.f1).toBeGreaterThan(MEASURED.las - MARGIN.las);
  });

  it('with gold tokens and tags: LAS at the measured level', { timeout: 120_000 }, () => {
    const s = scoreParses(gold, parser.parseConllu(gold, { keepTags: true }));
    console.log(`Sequoia dev (gold tokens and tags): LAS ${s.las.toFixed(2)} UAS ${s.uas.toFixed(2)}`);
    expect(s.las).toBeGreaterThan(MEASURED.goldLas - MARGIN.goldLas);
  });

  it('parses with SWAP: the model records arc-swap and some of its dev trees are non-projective', { timeout: 120_000 }, () => {
    const manifest = JSON.parse(readFileSync(path.join(MODEL, 'parser', 'manifest.json'), 'utf8')) as { architecture: string };
    expect(manifest.architecture).toBe('arc-swap-ffnn.v1');
    const parsed = parser.parseConllu(gold, { keepTags: true });
    const crossing = parsed.filter((p) => !isProjective([0, ...p.words.map((w) => w.head)], p.words.length));
    expect(crossing.length).toBeGreaterThan(0);
  });
});
