import { describe, expect, it } from 'vitest';
import { ARENA_BASE, Arena, newKernelMemory } from '../../src/kernels/index.ts';

describe('Arena.alloc', () => {
  it('hands out zeroed cells: ones someone wrote to before are cleared, ones the memory grows by come zero', () => {
    const memory = newKernelMemory();
    const arena = new Arena(memory);
    // Dirty the memory the arena has not handed out yet (up to its current end).
    const have = memory.buffer.byteLength;
    new Float32Array(memory.buffer).fill(7, ARENA_BASE >> 2, have >> 2);
    const small = arena.alloc(100);
    expect(Array.from(arena.view(small, 100)).every((x) => x === 0)).toBe(true);
    // Straddles the old end: the dirty part before it is cleared, the rest is fresh memory.
    const n = (have - arena.bytesUsed) / 4 + 1_000_000;
    const big = arena.alloc(n);
    expect(memory.buffer.byteLength).toBeGreaterThan(have);
    const cells = arena.view(big, n);
    expect(cells.every((x) => x === 0)).toBe(true);
    expect(big + n * 4).toBeLessThanOrEqual(memory.buffer.byteLength);
  });
});
