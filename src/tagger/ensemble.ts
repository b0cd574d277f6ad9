import type { Kernels } from '../kernels/index.ts';
import type { Network } from '../model/network.ts';
import { TaggerModel } from './tagger-model.ts';

/**
 * Merges K taggers trained on the same data with the same template (so the same vocabularies)
 * into one network whose scores are the mean of the members' scores:
 * - embedding rows are concatenated (member 1's row, then member 2's, …), so each slot's block of
 *   the input holds the members' blocks side by side;
 * - W1 is block-diagonal (member k's hidden units read only member k's input blocks), b1 concatenated;
 * - W2 = [W2_1 … W2_K] / K, b2 = mean of the b2_k.
 * The result is an ordinary tagger model (saved, loaded and precomputed like any other) whose
 * hidden layer is the sum of the members', and which costs as much to run as one of that size.
 */
export function mergeTaggers(models: readonly TaggerModel[], kernels: Kernels): TaggerModel {
  const first = models[0];
  if (!first) throw new Error('mergeTaggers needs at least one model');
  for (const m of models) {
    if (m.config.template.join() !== first.config.template.join() || m.config.activation !== first.config.activation
      || m.vocabs.classes.join() !== first.vocabs.classes.join()
      || m.net.shape.tables.some((t, i) => t.size !== first.net.shape.tables[i]?.size)) {
      throw new Error('mergeTaggers: members differ in template, activation, classes or vocabulary sizes');
    }
  }
  const sum = (f: (m: TaggerModel) => number): number => models.reduce((a, m) => a + f(m), 0);
  const c = first.config;
  const merged = new TaggerModel(kernels, {
    template: [...c.template], activation: c.activation, hidden: sum((m) => m.config.hidden),
    wordDim: sum((m) => m.config.wordDim), shapeDim: sum((m) => m.config.shapeDim), affixDim: sum((m) => m.config.affixDim),
    ambDim: sum((m) => m.config.ambDim), cwordDim: sum((m) => m.config.cwordDim), tagDim: sum((m) => m.config.tagDim),
  }, first.vocabs, first.lemmatizer, first.feats);
  fillMerged(merged.net, models.map((m) => m.net));
  return merged;
}

function fillMerged(out: Network, nets: readonly Network[]): void {
  const f = out.arena.f32();
  const K = nets.length;
  // Tables: member rows side by side.
  out.shape.tables.forEach((t, ti) => {
    const dst = out.tablePtr[ti] >> 2;
    let sub = 0;
    for (const n of nets) {
      const src = n.arena.f32(), d = n.shape.tables[ti]?.dim ?? 0, p = n.tablePtr[ti] >> 2;
      for (let r = 0; r < t.size; r++) f.set(src.subarray(p + r * d, p + (r + 1) * d), dst + r * t.dim + sub);
      sub += d;
    }
  });
  const D = out.inputDim, C = out.shape.outputs, Ht = out.shape.hidden;
  let hOff = 0;
  const subOff = new Int32Array(out.numSlots);
  nets.forEach((n) => {
    const src = n.arena.f32(), H = n.shape.hidden, Dn = n.inputDim;
    for (let i = 0; i < H; i++) {
      for (let s = 0; s < n.numSlots; s++) {
        const d = n.slotDim[s];
        const from = (n.W1 >> 2) + i * Dn + n.slotOffset[s];
        f.set(src.subarray(from, from + d), (out.W1 >> 2) + (hOff + i) * D + out.slotOffset[s] + subOff[s]);
      }
      f[(out.b1 >> 2) + hOff + i] = src[(n.b1 >> 2) + i];
      for (let cl = 0; cl < C; cl++) f[(out.W2 >> 2) + cl * Ht + hOff + i] = src[(n.W2 >> 2) + cl * H + i] / K;
    }
    for (let cl = 0; cl < C; cl++) f[(out.b2 >> 2) + cl] += src[(n.b2 >> 2) + cl] / K;
    for (let s = 0; s < n.numSlots; s++) subOff[s] += n.slotDim[s];
    hOff += H;
  });
}
