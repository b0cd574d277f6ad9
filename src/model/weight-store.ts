import { Arena, type Kernels, type KernelsKind, createKernels, defaultKernelsKind, topOf } from '../kernels/index.ts';

/** A tensor in a kernels memory: byte pointer and size in 4-byte cells. */
export interface TensorRef {
  name: string;
  ptr: number;
  size: number;
}

/**
 * What a worker thread needs to run on the weights another thread loaded: the shared memory and
 * its bump pointer, the named tensor groups in it, and the shared byte buffers of external tables.
 * Plain data plus shared memory, so it crosses threads through workerData or postMessage without a copy.
 */
export interface StoreImage {
  kind: KernelsKind;
  memory: WebAssembly.Memory;
  top: Int32Array;
  groups: [string, TensorRef[]][];
  buffers: [string, SharedArrayBuffer][];
}

/**
 * One model per process: weights and precomputed tables live once, in one shared
 * WebAssembly.Memory, and every thread runs its own kernels instance on it with its own scratch
 * cells (Arena). A group of tensors is keyed by what it is made from (a weights file's checksum,
 * plus the precomputation settings), so loading the same model again, in this thread or a worker,
 * finds it instead of reading and computing it again. External tables (pretrained vectors) are
 * SharedArrayBuffers keyed the same way. A group is added only once it is complete and checked,
 * so a load that fails leaves nothing another load could pick up.
 *
 * A store made by attach() sees what the image's thread had loaded when it made the image; the
 * servers and the CLI load every component a worker will need before they start workers.
 */
export class WeightStore {
  readonly kernels: Kernels;
  /** False for a store attached to another thread's image. */
  readonly owner: boolean;
  private readonly groups = new Map<string, TensorRef[]>();
  private readonly buffers = new Map<string, SharedArrayBuffer>();

  constructor(kernels: Kernels = createKernels(), owner = true) {
    this.kernels = kernels;
    this.owner = owner;
  }

  /** The tensors of a complete group, or undefined. */
  group(key: string): readonly TensorRef[] | undefined {
    return this.groups.get(key);
  }

  /**
   * Records a complete, checked group. In a store attached to another thread's image the group is
   * this thread's alone (a worker that loads something the main thread did not pays for its own copy).
   */
  addGroup(key: string, tensors: readonly TensorRef[]): void {
    this.groups.set(key, tensors.map((t) => ({ name: t.name, ptr: t.ptr, size: t.size })));
  }

  buffer(key: string): SharedArrayBuffer | undefined {
    return this.buffers.get(key);
  }

  addBuffer(key: string, buffer: SharedArrayBuffer): void {
    this.buffers.set(key, buffer);
  }

  /** Bytes of the kernels memory in use (weights, tables and every thread's scratch). */
  get memoryBytes(): number {
    return new Arena(this.kernels.memory).bytesUsed;
  }

  /** Bytes held by tensor groups whose key starts with `prefix` (e.g. 'weights:' or 'precompute:'). */
  bytesOf(prefix: string): number {
    let n = 0;
    for (const [k, g] of this.groups) if (k.startsWith(prefix)) for (const t of g) n += t.size * 4;
    if (prefix === 'buffer:' || prefix === '') for (const b of this.buffers.values()) n += b.byteLength;
    return n;
  }

  /** The image a worker thread attaches to (see attach). */
  image(): StoreImage {
    return {
      kind: this.kernels.name, memory: this.kernels.memory, top: topOf(this.kernels.memory),
      groups: [...this.groups], buffers: [...this.buffers],
    };
  }

  /** A read-only store over another thread's image: kernels on the same memory, scratch from the same bump pointer. */
  static attach(image: StoreImage): WeightStore {
    new Arena(image.memory, image.top); // adopt the bump pointer before anything allocates
    const store = new WeightStore(createKernels(image.kind, image.memory), false);
    for (const [k, g] of image.groups) store.groups.set(k, g);
    for (const [k, b] of image.buffers) store.buffers.set(k, b);
    return store;
  }
}

const defaults = new Map<KernelsKind, WeightStore>();

/**
 * This thread's store for a kernels kind: in the main thread, made on first use; in a worker that
 * called useStore(), the attached one. Loaders use it unless given other kernels, so a model loaded
 * twice in one process is held once.
 */
export function defaultStore(kind: KernelsKind = defaultKernelsKind()): WeightStore {
  let s = defaults.get(kind);
  if (!s) {
    s = new WeightStore(createKernels(kind));
    defaults.set(kind, s);
  }
  return s;
}

/** Makes `store` this thread's default for its kernels kind (a worker calls it with the attached store). */
export function useStore(store: WeightStore): void {
  defaults.set(store.kernels.name, store);
}

/** A loader's target: explicit kernels get a private store (no sharing, e.g. tests), a store is used as is. */
export function storeFor(target: Kernels | WeightStore | undefined): WeightStore {
  if (target === undefined) return defaultStore();
  return target instanceof WeightStore ? target : new WeightStore(target);
}
