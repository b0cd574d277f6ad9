import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { ArcStandard } from '../../../src/parser/arc-standard.ts';
import { readConllu } from '../../../src/ud/conllu.ts';
import { ParserError } from '../../../src/ud/errors.ts';
import { StaticArcStandardOracle, createOracle, oracleSequence, type GoldTree } from '../../../src/parser/train/oracle.ts';
import { ParserState } from '../../../src/parser/state.ts';
import { isProjective } from '../../../src/ud/tree.ts';
import type { Sentence } from '../../../src/ud/types.ts';
import { EWT_DEV, EWT_TRAIN } from '../../helpers/data.ts';
import { NEEDS, describeWhen } from '../../helpers/needs.ts';

function gold(s: Sentence, labels: string[]): GoldTree {
  const n = s.words.length;
  const head = new Int32Array(n + 1).fill(-1), label = new Int32Array(n + 1).fill(-1);
  s.words.forEach((w, i) => {
    head[i + 1] = w.head;
    label[i + 1] = labels.indexOf(w.deprel);
  });
  return { n, head, label };
}

/** The error code thrown by f, 'none' if it returns, 'other' for anything but a ParserError. */
function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof ParserError ? e.code : `other: ${String(e)}`;
  }
  return 'none';
}

describe('createOracle', () => {
  it('makes the static oracle for arc-standard by name; it answers only on its own path (no fillZeroCost)', () => {
    const oracle = createOracle('static', new ArcStandard(['dep', 'root'], 1));
    expect(oracle).toBeInstanceOf(StaticArcStandardOracle);
    expect(oracle.name).toBe('static');
    expect(oracle.fillZeroCost).toBeUndefined();
  });

  it('refuses an oracle it does not have, and a system the oracle does not serve', () => {
    expect(() => createOracle('clairvoyant', new ArcStandard(['dep', 'root'], 1))).toThrow(/no "clairvoyant" oracle for the transition system "arc-standard"/);
    const other = Object.assign(Object.create(ArcStandard.prototype) as ArcStandard, new ArcStandard(['dep', 'root'], 1), { name: 'swap' });
    expect(() => createOracle('static', other)).toThrow(/no "static" oracle for the transition system "swap"/);
  });
});

describe('static oracle, hand-checked', () => {
  it('waits for the right dependents of s0 before attaching it: "I saw cats in Rome"', () => {
    const labels = ['case', 'nmod', 'nsubj', 'obj', 'root'];
    const system = new ArcStandard(labels, labels.indexOf('root'));
    const id = (l: string): number => labels.indexOf(l);
    // I ←nsubj saw(root) →obj cats →nmod Rome, in ←case Rome
    const tree: GoldTree = {
      n: 5,
      head: Int32Array.from([-1, 2, 0, 2, 5, 3]),
      label: Int32Array.from([-1, id('nsubj'), id('root'), id('obj'), id('case'), id('nmod')]),
    };
    const seq = oracleSequence(system, tree).map((t) => system.transitionName(t));
    expect(seq).toEqual([
      'SHIFT', //       [ROOT I]
      'SHIFT', //       [ROOT I saw]
      'LEFT(nsubj)', // I ← saw                        [ROOT saw]
      'SHIFT', //       [ROOT saw cats]
      'SHIFT', //       cats's head is saw, but Rome is still to come: no RIGHT yet  [ROOT saw cats in]
      'SHIFT', //       [ROOT saw cats in Rome]
      'LEFT(case)', //  in ← Rome                      [ROOT saw cats Rome]
      'RIGHT(nmod)', // cats → Rome (Rome complete)     [ROOT saw cats]
      'RIGHT(obj)', //  saw → cats (cats now complete)  [ROOT saw]
      'RIGHT(root)', // ROOT → saw, buffer empty       [ROOT]
    ]);
  });

  it('gets stuck on a crossing tree', () => {
    // 1 → 3 crosses 2 → 4 (2 hangs from ROOT): not projective.
    const system = new ArcStandard(['dep', 'root'], 1);
    const tree: GoldTree = { n: 4, head: Int32Array.from([-1, 2, 0, 1, 2]), label: Int32Array.from([-1, 0, 1, 0, 0]) };
    expect(isProjective(tree.head, tree.n)).toBe(false);
    expect(codeOf(() => oracleSequence(system, tree))).toBe('PARSER_ERR_ORACLE_STUCK');
  });
});

describeWhen([NEEDS.ewt], 'static oracle on UD English EWT', () => {
  const files: [string, string, number][] = [
    // Non-projective counts from the dataset README, computed independently of this code.
    ['dev', EWT_DEV, 31],
    ['train', EWT_TRAIN, 288],
  ];
  const load = (path: string): Sentence[] => readConllu(readFileSync(path, 'utf8'), path);

  it.each(files)('%s: projective trees round-trip in 2n moves, the others get stuck', (_split, path, expectedNonProjective) => {
    const sentences = load(path);
    const labels = [...new Set(sentences.flatMap((s) => s.words.map((w) => w.deprel)))].sort();
    const system = new ArcStandard(labels, labels.indexOf('root'));
    expect(labels.indexOf('root')).toBeGreaterThanOrEqual(0);
    const replay = new ParserState(8); // reused and grown, like in training
    let projective = 0, nonProjective = 0;
    const problems: string[] = [];
    for (const [k, s] of sentences.entries()) {
      const g = gold(s, labels);
      if (!isProjective(g.head, g.n)) {
        nonProjective++;
        const code = codeOf(() => oracleSequence(system, g));
        if (code !== 'PARSER_ERR_ORACLE_STUCK') problems.push(`#${k}: non-projective but ${code}`);
        continue;
      }
      projective++;
      const seq = oracleSequence(system, g);
      if (seq.length !== 2 * g.n) problems.push(`#${k}: ${seq.length} moves for n=${g.n}`);
      replay.reset(g.n);
      for (const t of seq) {
        if (!system.isValid(replay, t)) {
          problems.push(`#${k}: invalid move at step ${replay.steps}`);
          break;
        }
        system.apply(replay, t);
      }
      const heads = replay.head.subarray(1, g.n + 1), lab = replay.label.subarray(1, g.n + 1);
      if (!system.isTerminal(replay) || heads.some((h, i) => h !== g.head[i + 1]) || lab.some((l, i) => l !== g.label[i + 1])) {
        problems.push(`#${k}: replay does not reproduce the gold tree`);
      }
      if (problems.length > 10) break;
    }
    expect(problems).toEqual([]);
    expect(projective + nonProjective).toBe(sentences.length);
    expect(nonProjective).toBe(expectedNonProjective);
  });
});
