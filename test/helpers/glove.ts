/** A tiny GloVe source in the wink-embeddings JSON layout, written to a fresh temporary directory. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Words most frequent first, like the real source; vectors are a fixed function of the word. */
export const TINY_GLOVE_WORDS = ['the', 'on', 'an', 'in', 'cat', 'dog', 'dogs', 'mat', 'park', 'bark', 'sat', 'saw', 'big', 'me',
  'loudly', 'yesterday', 'paris', 'sang', 'happily', 'cats', 'puppy'];

export function tinyGloveFile(dim = 4): string {
  const vectors: Record<string, number[]> = {};
  TINY_GLOVE_WORDS.forEach((w, i) => {
    vectors[w] = Array.from({ length: dim + 2 }, (_, j) => Math.sin(1 + i * 7 + j * 3) * (1 + (w.length % 3)));
  });
  const file = join(mkdtempSync(join(tmpdir(), 'arcparse-glove-')), 'tiny-glove.json');
  writeFileSync(file, JSON.stringify({ dimensions: dim, words: TINY_GLOVE_WORDS, vectors, unkVector: Array.from({ length: dim + 2 }, () => 0.1) }));
  return file;
}
