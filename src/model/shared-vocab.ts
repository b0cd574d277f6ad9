import { CompactVocab } from './compact-vocab.ts';
import type { WeightStore } from './weight-store.ts';

/**
 * The CompactVocab the store keeps under `key` (built by this thread or by the one a worker attached
 * to), or the one `build` makes, kept under `key` when it is on a SharedArrayBuffer. A worker thread
 * so adopts a word list instead of reading, parsing and hashing it again.
 */
export function sharedCompactVocab(store: WeightStore, key: string, build: () => CompactVocab): CompactVocab {
  const shared = store.buffer(key);
  if (shared) return new CompactVocab(shared);
  const index = build();
  if (index.buffer instanceof SharedArrayBuffer) store.addBuffer(key, index.buffer);
  return index;
}

/**
 * A model's large word list (forms, affixes): field `field` of the vocab.json whose (verified)
 * checksum is `vocabSha256`, shared through the store as above. As Maps of strings, the English
 * bundle's word lists took about 3 MiB of every thread's heap (and more, with the growth V8 allows
 * above the live heap). Same ids as `new Vocab(entries)`; a duplicate entry throws MODEL_ERR_INVALID.
 */
export function sharedWordIndex(entries: readonly string[], store: WeightStore, vocabSha256: string, field: string): CompactVocab {
  return sharedCompactVocab(store, `vocab:${vocabSha256}:${field}`, () => new CompactVocab(entries, true));
}
