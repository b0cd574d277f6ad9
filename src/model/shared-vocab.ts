import { CompactVocab } from './compact-vocab.ts';
import type { WeightStore } from './weight-store.ts';

/**
 * A model's large word list (forms, affixes) as a CompactVocab on a SharedArrayBuffer the store
 * keeps under `key`: a worker thread attached to the store adopts the table instead of building a
 * Map of its own. As Maps of strings, the English bundle's word lists took about 3 MiB of every
 * thread's heap (and more, with the growth V8 allows above the live heap); the table is built
 * once per process. `key` names the content, e.g. the vocab.json checksum (already verified) and
 * the list's field. Same ids as `new Vocab(entries)`; a duplicate entry throws MODEL_ERR_INVALID.
 */
export function sharedWordIndex(entries: readonly string[], store: WeightStore, key: string): CompactVocab {
  const shared = store.buffer(key);
  if (shared) return new CompactVocab(shared);
  const index = new CompactVocab(entries, true);
  store.addBuffer(key, index.buffer as SharedArrayBuffer);
  return index;
}
