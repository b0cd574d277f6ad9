import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { referenceKernels } from './reference.ts';
import type { Kernels } from './types.ts';

export type { Kernels } from './types.ts';
export { Arena } from './arena.ts';
export { referenceKernels } from './reference.ts';

let compiled: WebAssembly.Module | undefined;

function wasmModule(): WebAssembly.Module {
  if (!compiled) {
    const path = fileURLToPath(new URL('./kernels.wasm', import.meta.url));
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      throw new Error(`WebAssembly kernels not found at ${path}: run \`npm run build\` first`);
    }
    compiled = new WebAssembly.Module(new Uint8Array(bytes));
  }
  return compiled;
}

/** A fresh instance of the SIMD kernels with its own memory (one per parser or worker thread). */
export function wasmKernels(): Kernels {
  const instance = new WebAssembly.Instance(wasmModule(), {
    env: { abort: () => { throw new Error('wasm abort'); } },
  });
  const e = instance.exports as unknown as Omit<Kernels, 'name' | 'memory'> & { memory: WebAssembly.Memory };
  return {
    name: 'wasm-simd',
    memory: e.memory,
    matVec: e.matVec,
    matTVecAdd: e.matTVecAdd,
    outerAdd: e.outerAdd,
    axpy: e.axpy,
    sumRows: e.sumRows,
    lerp: e.lerp,
    adam: e.adam,
  };
}

/** Kernels by name; `ARCPARSE_KERNELS=typescript` forces the reference twins. */
export function createKernels(kind: 'wasm-simd' | 'typescript' = process.env.ARCPARSE_KERNELS === 'typescript' ? 'typescript' : 'wasm-simd'): Kernels {
  if (kind === 'typescript') return referenceKernels(new WebAssembly.Memory({ initial: 2 }));
  return wasmKernels();
}
