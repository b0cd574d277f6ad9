import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { referenceKernels } from './reference.ts';
import type { Kernels } from './types.ts';

export type { Kernels } from './types.ts';
export { Arena, ARENA_BASE, topOf } from './arena.ts';
export { referenceKernels } from './reference.ts';

/**
 * Pages (64 KiB) a kernels memory may grow to: the wasm32 limit. A shared memory reserves address
 * space for its maximum up front (it can never move), which costs no resident memory.
 */
export const MAX_PAGES = 65536;

/**
 * A memory the kernels can run on, shared so that worker threads can run on the same weights
 * (workers receive it through workerData or postMessage; see model/weight-store.ts).
 */
export function newKernelMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 2, maximum: MAX_PAGES, shared: true });
}

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

/**
 * An instance of the SIMD kernels on `memory` (default: a fresh shared memory). The module
 * imports its memory (built with --importMemory --sharedMemory), so instances in several threads
 * can run on one memory; it has no data segments, so instantiating never writes to it.
 */
export function wasmKernels(memory: WebAssembly.Memory = newKernelMemory()): Kernels {
  const instance = new WebAssembly.Instance(wasmModule(), {
    env: { memory, abort: () => { throw new Error('wasm abort'); } },
  });
  const e = instance.exports as unknown as Omit<Kernels, 'name' | 'memory'>;
  return {
    name: 'wasm-simd',
    memory,
    matVec: e.matVec,
    matVecStrided: e.matVecStrided,
    matTVecAdd: e.matTVecAdd,
    sparseMatTVec: e.sparseMatTVec,
    outerAdd: e.outerAdd,
    axpy: e.axpy,
    sumRows: e.sumRows,
    sumRowsI8: e.sumRowsI8,
    quantizeRowI8: e.quantizeRowI8,
    matVecI8: e.matVecI8,
    lerp: e.lerp,
    relu: e.relu,
    adam: e.adam,
  };
}

export type KernelsKind = Kernels['name'];

/** The kind `ARCPARSE_KERNELS` selects: `typescript` forces the reference twins, anything else is WebAssembly SIMD. */
export const defaultKernelsKind = (): KernelsKind => (process.env.ARCPARSE_KERNELS === 'typescript' ? 'typescript' : 'wasm-simd');

/** Kernels by name on `memory` (default: a fresh shared memory). */
export function createKernels(kind: KernelsKind = defaultKernelsKind(), memory: WebAssembly.Memory = newKernelMemory()): Kernels {
  if (kind === 'typescript') return referenceKernels(memory);
  return wasmKernels(memory);
}
