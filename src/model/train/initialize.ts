import type { Network } from '../network.ts';
import type { Rng } from './random.ts';

/** Seeded random initialisation: embedding rows of unit expected norm, weights scaled for the activation. */
export function initializeNetwork(net: Network, rng: Rng): void {
  const f = net.arena.f32();
  const fill = (ptr: number, n: number, scale: number): void => {
    for (let i = 0; i < n; i++) f[(ptr >> 2) + i] = rng.normal() * scale;
  };
  net.shape.tables.forEach((t, i) => {
    if (!t.external) fill(net.tablePtr[i], t.size * t.dim, 1 / Math.sqrt(t.dim)); // fixed tables come as they are
  });
  const H = net.shape.hidden;
  const gain = net.shape.activation === 'relu' ? Math.sqrt(2) : 1;
  // Embedding rows have unit expected norm, so z has variance ≈ numSlots·σ²: σ = gain/√numSlots.
  fill(net.W1, H * net.inputDim, gain / Math.sqrt(net.numSlots));
  if (net.shape.activation === 'relu') for (let i = 0; i < H; i++) f[(net.b1 >> 2) + i] = 0.01;
  fill(net.W2, net.shape.outputs * H, 1 / Math.sqrt(H));
}
