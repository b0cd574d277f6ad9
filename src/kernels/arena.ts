/**
 * A bump allocator over one WebAssembly.Memory. Network parameters, gradients and
 * scratch vectors all live here so the SIMD kernels can reach them by pointer.
 *
 * The bump pointer ("top") lives in a SharedArrayBuffer and is advanced with Atomics, so every
 * Arena over the same memory, in this thread or another, allocates from it: when worker threads
 * share one memory (one model per process), each one's scratch vectors get their own cells.
 * Growing a memory detaches old views of an unshared one (a shared one keeps them valid but
 * short), so callers take views through f32()/i32() after allocations are done (hot loops read
 * them once per call).
 */

/** Where allocation starts: the first 64 KiB stay free (the kernels keep no data there; a null-ish pointer is never valid). */
export const ARENA_BASE = 65536;

/** The top cell of each memory this thread knows, so every Arena over one memory shares it. */
const tops = new WeakMap<WebAssembly.Memory, Int32Array>();

export class Arena {
  readonly memory: WebAssembly.Memory;
  /** [0]: the next free byte, shared by all arenas over this memory (also across threads). */
  readonly top: Int32Array;
  private f32View: Float32Array;
  private i32View: Int32Array;

  /** `top` adopts the bump pointer of a memory made in another thread (see topOf). */
  constructor(memory: WebAssembly.Memory, top?: Int32Array) {
    this.memory = memory;
    let cell = top ?? tops.get(memory);
    if (!cell) {
      cell = new Int32Array(new SharedArrayBuffer(4));
      cell[0] = ARENA_BASE;
    }
    tops.set(memory, cell);
    this.top = cell;
    this.f32View = new Float32Array(memory.buffer);
    this.i32View = new Int32Array(memory.buffer);
  }

  /** Allocates n 4-byte cells, 16-byte aligned and zeroed; returns a byte pointer. */
  alloc(n: number): number {
    const bytes = (Math.max(4, n * 4) + 15) & ~15;
    const ptr = Atomics.add(this.top, 0, bytes);
    const end = ptr + bytes;
    if (end > 0x7fffffff || ptr < 0) throw new Error(`out of WebAssembly memory: ${end} bytes needed`);
    // Another thread may grow the memory at the same time: at worst it grows a little more than needed.
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / 65536));
    // Cells are never handed out twice, so this only matters for a memory someone else wrote to
    // before. Pages the memory just grew by are zero already: left untouched, they take no
    // resident memory until used (a scorer's cache rows, say).
    if (ptr < have) this.f32().fill(0, ptr >> 2, Math.min(end, have) >> 2);
    return ptr;
  }

  f32(): Float32Array {
    const b = this.memory.buffer;
    if (this.f32View.buffer !== b) this.f32View = new Float32Array(b);
    return this.f32View;
  }

  i32(): Int32Array {
    const b = this.memory.buffer;
    if (this.i32View.buffer !== b) this.i32View = new Int32Array(b);
    return this.i32View;
  }

  /** A Float32Array view of n cells at ptr (valid until the next alloc grows memory). */
  view(ptr: number, n: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, n);
  }

  get bytesUsed(): number {
    return Atomics.load(this.top, 0);
  }
}

/** The bump pointer of a memory (what another thread's Arena over the same memory must adopt). */
export function topOf(memory: WebAssembly.Memory): Int32Array {
  return new Arena(memory).top;
}
