import type { Network } from '../network.ts';

/**
 * Writes K trained member networks into one network `merged` whose scores are the mean of the
 * members' scores (an ensemble that costs as much to run as one network of its size):
 * - every embedding row is the members' rows side by side (member 1's, then member 2's, …), so each
 *   slot's block of the input holds the members' blocks side by side;
 * - W1 is block diagonal (member k's hidden units read only member k's part of each slot), b1 the
 *   members' b1 one after the other;
 * - W2 = [W2_1 … W2_K] / K and b2 = mean of the b2_k.
 * Members may differ in hidden size and embedding dimensions; they must share the vocabularies
 * (table sizes), the slots, the number of outputs and the activation. `merged` must have been built
 * with each table dimension and the hidden size equal to the members' sums; it is overwritten.
 */
export function mergeNetworks(members: readonly Network[], merged: Network): void {
  const K = members.length;
  if (K === 0) throw new Error('mergeNetworks needs at least one member');
  const out = merged.shape;
  for (const m of members) {
    if (m.numSlots !== merged.numSlots || m.shape.outputs !== out.outputs || m.shape.activation !== out.activation
      || m.shape.tables.length !== out.tables.length || m.shape.tables.some((t, i) => t.size !== out.tables[i].size)) {
      throw new Error('mergeNetworks: members differ in slots, outputs, activation or vocabulary sizes');
    }
  }
  const sum = (f: (n: Network) => number): number => members.reduce((a, n) => a + f(n), 0);
  if (out.hidden !== sum((n) => n.shape.hidden) || out.tables.some((t, i) => t.dim !== sum((n) => n.shape.tables[i].dim))) {
    throw new Error('mergeNetworks: the merged network is not the members side by side');
  }
  const f = merged.arena.f32();
  const D = merged.inputDim, C = out.outputs, Ht = out.hidden;
  // Only the members' blocks of W1 are written; b2 is accumulated.
  f.fill(0, merged.W1 >> 2, (merged.W1 >> 2) + Ht * D);
  f.fill(0, merged.b2 >> 2, (merged.b2 >> 2) + C);
  out.tables.forEach((t, ti) => {
    const dst = merged.tablePtr[ti] >> 2;
    let sub = 0;
    for (const n of members) {
      const src = n.arena.f32(), d = n.shape.tables[ti].dim, p = n.tablePtr[ti] >> 2;
      for (let r = 0; r < t.size; r++) f.set(src.subarray(p + r * d, p + (r + 1) * d), dst + r * t.dim + sub);
      sub += d;
    }
  });
  let hOff = 0;
  const subOff = new Int32Array(merged.numSlots);
  for (const n of members) {
    const src = n.arena.f32(), H = n.shape.hidden, Dn = n.inputDim;
    for (let i = 0; i < H; i++) {
      for (let s = 0; s < n.numSlots; s++) {
        const d = n.slotDim[s];
        const from = (n.W1 >> 2) + i * Dn + n.slotOffset[s];
        f.set(src.subarray(from, from + d), (merged.W1 >> 2) + (hOff + i) * D + merged.slotOffset[s] + subOff[s]);
      }
      f[(merged.b1 >> 2) + hOff + i] = src[(n.b1 >> 2) + i];
      for (let c = 0; c < C; c++) f[(merged.W2 >> 2) + c * Ht + hOff + i] = src[(n.W2 >> 2) + c * H + i] / K;
    }
    for (let c = 0; c < C; c++) f[(merged.b2 >> 2) + c] += src[(n.b2 >> 2) + c] / K;
    for (let s = 0; s < n.numSlots; s++) subOff[s] += n.slotDim[s];
    hOff += H;
  }
}
