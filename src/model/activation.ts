export const ACTIVATIONS = ['relu', 'cube', 'tanh', 'sigmoid'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** h = act(z) elementwise over n cells starting at z0/h0 (Float32 indices). */
export function activate(kind: Activation, f: Float32Array, z0: number, h0: number, n: number): void {
  switch (kind) {
    case 'relu':
      for (let i = 0; i < n; i++) { const z = f[z0 + i]; f[h0 + i] = z > 0 ? z : 0; }
      break;
    case 'cube':
      for (let i = 0; i < n; i++) { const z = f[z0 + i]; f[h0 + i] = z * z * z; }
      break;
    case 'tanh':
      for (let i = 0; i < n; i++) f[h0 + i] = Math.tanh(f[z0 + i]);
      break;
    case 'sigmoid':
      for (let i = 0; i < n; i++) f[h0 + i] = 1 / (1 + Math.exp(-f[z0 + i]));
      break;
  }
}

/** g[i] *= act'(z[i]). Derivatives come from z alone, since h may have been scaled by dropout. */
export function activationBackward(kind: Activation, f: Float32Array, z0: number, g0: number, n: number): void {
  switch (kind) {
    case 'relu':
      for (let i = 0; i < n; i++) if (f[z0 + i] <= 0) f[g0 + i] = 0;
      break;
    case 'cube':
      for (let i = 0; i < n; i++) { const z = f[z0 + i]; f[g0 + i] *= 3 * z * z; }
      break;
    case 'tanh':
      for (let i = 0; i < n; i++) { const h = Math.tanh(f[z0 + i]); f[g0 + i] *= 1 - h * h; }
      break;
    case 'sigmoid':
      for (let i = 0; i < n; i++) { const h = 1 / (1 + Math.exp(-f[z0 + i])); f[g0 + i] *= h * (1 - h); }
      break;
  }
}
