/**
 * Ids every vocabulary reserves, so a feature slot can say "no token", "unknown" or "the artificial
 * ROOT" whatever it reads (words, tags, labels, buckets):
 * - NULL_ID: the slot points at no token (outside the sentence, an empty stack position, no child);
 * - UNK_ID: a string the vocabulary does not know;
 * - ROOT_ID: the artificial ROOT token (index 0 of every encoded sentence);
 * - FIRST_REAL_ID: the first id of a real entry. Tables without strings (dependency labels,
 *   valency and distance buckets, predicted classes) shift their values by it: id = FIRST_REAL_ID + value.
 */
export const NULL_ID = 0;
export const UNK_ID = 1;
export const ROOT_ID = 2;
export const FIRST_REAL_ID = 3;

/** The reserved entries' names in a string vocabulary (ids 0 .. FIRST_REAL_ID - 1). */
export const RESERVED_ENTRIES: readonly string[] = ['<null>', '<unk>', '<root>'];
