import type { Network } from '../model/network.ts';

/**
 * Copies M trained member networks (same shape, same vocabularies) into one network whose shape is
 * the members' side by side: every table row is the members' rows concatenated, W1 is block
 * diagonal (member k's hidden units read only member k's part of each slot), and the output layer
 * averages the members' scores. The merged network scores exactly the mean of the members' scores.
 */
export function mergeMembers(members: readonly Network[], merged: Network): void {
  const M = members.length;
  const first = members[0];
  const H = first.shape.hidden, D = first.inputDim, T = first.shape.outputs;
  const MH = merged.shape.hidden, MD = merged.inputDim;
  if (MH !== M * H || MD !== M * D || merged.shape.outputs !== T) throw new Error('merged network does not have the members side by side');
  const g = merged.arena.f32();
  g.fill(0, merged.W1 >> 2, (merged.W1 >> 2) + MH * MD);
  g.fill(0, merged.b2 >> 2, (merged.b2 >> 2) + T);
  members.forEach((net, k) => {
    const f = net.arena.f32();
    net.shape.tables.forEach((t, ti) => {
      const src = net.tablePtr[ti] >> 2, dst = merged.tablePtr[ti] >> 2;
      for (let r = 0; r < t.size; r++) g.set(f.subarray(src + r * t.dim, src + (r + 1) * t.dim), dst + r * M * t.dim + k * t.dim);
    });
    for (let h = 0; h < H; h++) {
      const row = (merged.W1 >> 2) + (k * H + h) * MD;
      for (let s = 0; s < net.numSlots; s++) {
        const dim = net.slotDim[s];
        const from = (net.W1 >> 2) + h * D + net.slotOffset[s];
        g.set(f.subarray(from, from + dim), row + merged.slotOffset[s] + k * dim);
      }
    }
    g.set(f.subarray(net.b1 >> 2, (net.b1 >> 2) + H), (merged.b1 >> 2) + k * H);
    for (let o = 0; o < T; o++) {
      for (let h = 0; h < H; h++) g[(merged.W2 >> 2) + o * MH + k * H + h] = f[(net.W2 >> 2) + o * H + h] / M;
      g[(merged.b2 >> 2) + o] += f[(net.b2 >> 2) + o] / M;
    }
  });
}
