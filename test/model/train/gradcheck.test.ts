import { describe, it, expect } from 'vitest';
import { referenceKernels, wasmKernels, type Kernels } from '../../../src/kernels/index.ts';
import type { Activation } from '../../../src/model/activation.ts';
import { Gradients } from '../../../src/model/train/backprop.ts';
import { Network } from '../../../src/model/network.ts';
import { Rng } from '../../../src/model/train/random.ts';
import { initializeNetwork } from '../../../src/model/train/initialize.ts';

/**
 * Finite-difference check of Gradients.backward on a tiny network.
 * The loss is recomputed here in float64 from net.scores (masked softmax cross-entropy),
 * independently of backprop.ts. Parameters are float32, so the step is rounded to what is
 * actually stored and the central difference divides by that. relu is left out: its kink
 * makes finite differences unreliable.
 */

const KERNELS: [string, () => Kernels][] = [
  ['typescript', () => referenceKernels(new WebAssembly.Memory({ initial: 2 }))],
  ['wasm-simd', () => wasmKernels()],
];
// cube has large third derivatives but float32 noise dominates at small steps; 1e-2 works for all three.
const EPS: Record<string, number> = { cube: 1e-2, tanh: 1e-2, sigmoid: 1e-2 };
const ACTS: Activation[] = ['cube', 'tanh', 'sigmoid'];
const REL = 2e-2;

const OUTPUTS = 4;
const GOLD = 2;
const MASKED = 1; // an illegal transition: excluded from the softmax
const valid = Uint8Array.from([1, 0, 1, 1]);
// Distinct rows, and a row shared by both slots of table a (its gradient must be the sum of both).
const ID_CASES: [string, number[]][] = [['distinct ids', [3, 7, 2]], ['shared row', [5, 5, 4]]];

function makeNet(kernels: Kernels, activation: Activation): Network {
  const net = new Network(kernels, {
    tables: [{ name: 'a', size: 11, dim: 4 }, { name: 'b', size: 5, dim: 3 }],
    slotTable: [0, 0, 1],
    hidden: 5,
    outputs: OUTPUTS,
    activation,
  });
  initializeNetwork(net, new Rng(42));
  // initialize leaves biases at zero; random biases make their gradients (and cube's z) less special.
  const f = net.arena.f32(), rng = new Rng(7);
  for (const p of [net.b1, net.b2]) {
    const n = p === net.b1 ? 5 : OUTPUTS;
    for (let i = 0; i < n; i++) f[(p >> 2) + i] = 0.3 * rng.normal();
  }
  return net;
}

/** -log softmax(scores)[gold] over legal outputs, in float64. */
function loss(net: Network, ids: Int32Array): number {
  net.forward(ids, 0);
  const f = net.arena.f32();
  const s = Array.from(f.subarray(net.scores >> 2, (net.scores >> 2) + OUTPUTS));
  const max = Math.max(...s.filter((_, t) => valid[t]));
  const logSum = Math.log(s.reduce((acc, v, t) => acc + (valid[t] ? Math.exp(v - max) : 0), 0)) + max;
  return logSum - s[GOLD];
}

describe.each(KERNELS)('gradient check (%s kernels)', (_name, makeKernels) => {
  describe.each(ACTS)('%s', (act) => {
    it.each(ID_CASES)('%s', (_case, idList) => {
      const net = makeNet(makeKernels(), act);
      const grads = new Gradients(net);
      const ids = Int32Array.from(idList);

      net.forward(ids, 0);
      const reported = grads.backward(GOLD, valid, 0, ids, 0, false);
      const l0 = loss(net, ids);
      expect(Math.abs(reported - l0)).toBeLessThan(1e-5 * Math.max(1, l0));

      // Which rows of each table the example uses, and the (param, grad) pointer of every tensor.
      const usedRows = net.shape.tables.map(() => new Set<number>());
      net.shape.slotTable.forEach((t, k) => usedRows[t].add(idList[k]));
      const f = (): Float32Array => net.arena.f32();
      const failures: string[] = [];
      let checked = 0;
      net.params.forEach((p, pi) => {
        const gp = grads.grad[pi];
        const table = pi < net.shape.tables.length ? net.shape.tables[pi] : undefined;
        for (let i = 0; i < p.size; i++) {
          const analytic = f()[(gp >> 2) + i];
          if (table && !usedRows[pi].has(Math.floor(i / table.dim))) {
            // Unused embedding rows get no gradient at all.
            if (analytic !== 0) failures.push(`${p.name}[${i}] unused row has gradient ${analytic}`);
            continue;
          }
          const at = (p.ptr >> 2) + i;
          const orig = f()[at];
          const plus = Math.fround(orig + EPS[act]), minus = Math.fround(orig - EPS[act]);
          f()[at] = plus;
          const lp = loss(net, ids);
          f()[at] = minus;
          const lm = loss(net, ids);
          f()[at] = orig;
          const numeric = (lp - lm) / (plus - minus);
          const rel = Math.abs(analytic - numeric) / Math.max(1e-6, Math.abs(analytic) + Math.abs(numeric));
          checked++;
          if (!(rel < REL)) failures.push(`${p.name}[${i}] analytic=${analytic} numeric=${numeric} rel=${rel.toFixed(4)}`);
        }
      });
      expect(failures).toEqual([]);
      // 2·4 + 3 (used rows of a and b, or 4 + 3 when shared) + W1 5·11 + b1 5 + W2 4·5 + b2 4.
      expect(checked).toBe((idList[0] === idList[1] ? 4 : 8) + 3 + 55 + 5 + 20 + 4);

      // The masked-out output takes no part in the loss: its W2 row and b2 entry get exactly zero.
      const H = net.shape.hidden;
      const dW2Row = f().slice((grads.dW2 >> 2) + MASKED * H, (grads.dW2 >> 2) + (MASKED + 1) * H);
      expect(Array.from(dW2Row)).toEqual(new Array<number>(H).fill(0));
      expect(f()[(grads.db2 >> 2) + MASKED]).toBe(0);
    });
  });
});
