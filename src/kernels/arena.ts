/**
 * A bump allocator over one WebAssembly.Memory. Network parameters, gradients and
 * scratch vectors all live here so the SIMD kernels can reach them by pointer.
 * Growing the memory detaches old typed-array views, so callers take views through
 * f32()/i32() after all allocations are done (hot loops read them once per call).
 */
export class Arena {
  readonly memory: WebAssembly.Memory;
  private top: number;
  private f32View: Float32Array;
  private i32View: Int32Array;

  constructor(memory: WebAssembly.Memory, base = 65536) {
    this.memory = memory;
    this.top = base;
    this.f32View = new Float32Array(memory.buffer);
    this.i32View = new Int32Array(memory.buffer);
  }

  /** Allocates n 4-byte cells, 16-byte aligned and zeroed; returns a byte pointer. */
  alloc(n: number): number {
    const ptr = (this.top + 15) & ~15;
    const end = ptr + Math.max(4, n * 4);
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / 65536));
    this.top = end;
    this.f32().fill(0, ptr >> 2, end >> 2);
    return ptr;
  }

  f32(): Float32Array {
    if (this.f32View.buffer !== this.memory.buffer) this.f32View = new Float32Array(this.memory.buffer);
    return this.f32View;
  }

  i32(): Int32Array {
    if (this.i32View.buffer !== this.memory.buffer) this.i32View = new Int32Array(this.memory.buffer);
    return this.i32View;
  }

  /** A Float32Array view of n cells at ptr (valid until the next alloc grows memory). */
  view(ptr: number, n: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, n);
  }

  get bytesUsed(): number {
    return this.top;
  }
}
