import { describe, expect, it } from 'vitest';
import { createKernels } from '../../../src/kernels/index.ts';
import { Network, type NetworkShape } from '../../../src/model/network.ts';
import { initializeNetwork } from '../../../src/model/train/initialize.ts';
import { mergeNetworks } from '../../../src/model/train/merge-networks.ts';
import { Rng } from '../../../src/model/train/random.ts';

/** Three tables (sizes 7, 5, 4) read by four slots; `scale` multiplies the dimensions and the hidden size. */
function shape(dims: [number, number, number], hidden: number, outputs = 3): NetworkShape {
  return {
    tables: [{ name: 'word', size: 7, dim: dims[0] }, { name: 'shape', size: 5, dim: dims[1] }, { name: 'gap', size: 4, dim: dims[2] }],
    slotTable: [0, 0, 1, 2], hidden, outputs, activation: 'relu',
  };
}

function member(dims: [number, number, number], hidden: number, seed: number): Network {
  const net = new Network(createKernels('typescript'), shape(dims, hidden));
  initializeNetwork(net, new Rng(seed));
  return net;
}

describe('mergeNetworks', () => {
  const cases: [string, [number, number, number], number, [number, number, number], number][] = [
    ['members of one shape', [4, 3, 2], 6, [4, 3, 2], 6],
    ['members of different sizes', [4, 3, 2], 6, [2, 5, 1], 9],
  ];
  it.each(cases)('%s: the merged network scores the mean of the members', (_name, dimsA, hiddenA, dimsB, hiddenB) => {
    const members = [member(dimsA, hiddenA, 1), member(dimsB, hiddenB, 2), member(dimsA, hiddenA, 3)];
    const sumDims = (i: number): number => members.reduce((a, m) => a + m.shape.tables[i].dim, 0);
    const merged = new Network(createKernels('typescript'), shape([sumDims(0), sumDims(1), sumDims(2)], members.reduce((a, m) => a + m.shape.hidden, 0)));
    // Garbage where the merge must write zeros (W1 off the diagonal blocks, b2 before accumulating).
    merged.arena.f32().fill(0.5, merged.W1 >> 2, (merged.b2 >> 2) + 3);
    mergeNetworks(members, merged);
    const rng = new Rng(9);
    for (let trial = 0; trial < 20; trial++) {
      const ids = Int32Array.from(merged.shape.slotTable, (t) => rng.int(merged.shape.tables[t].size));
      const mean = [0, 0, 0];
      for (const m of members) {
        m.forward(ids);
        for (let o = 0; o < 3; o++) mean[o] += m.arena.f32()[(m.scores >> 2) + o] / members.length;
      }
      merged.forward(ids);
      for (let o = 0; o < 3; o++) expect(merged.arena.f32()[(merged.scores >> 2) + o]).toBeCloseTo(mean[o], 5);
    }
  });

  it('refuses a merged network that is not the members side by side, and members that do not match', () => {
    const a = member([4, 3, 2], 6, 1), b = member([4, 3, 2], 6, 2);
    expect(() => mergeNetworks([a, b], new Network(createKernels('typescript'), shape([8, 6, 4], 11)))).toThrow(/side by side/);
    const other = new Network(createKernels('typescript'), shape([4, 3, 2], 6, 2));
    expect(() => mergeNetworks([a, other], new Network(createKernels('typescript'), shape([8, 6, 4], 12)))).toThrow(/differ/);
  });
});
