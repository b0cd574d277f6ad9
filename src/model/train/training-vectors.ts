import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Sentence } from '../../ud/types.ts';
import { Vectors, type VectorsDtype } from '../vectors.ts';
import { readPretrained, selectVectors } from './glove.ts';

/** How a trainer gets its pretrained vectors (the same flags for the parser and the tagger). */
export interface VectorsOptions {
  /** A GloVe source (wink JSON or its cache) or a vectors directory (with manifest.json); '' = none. */
  vectors: string;
  /** From a GloVe source: also keep this many of its most frequent words. */
  vectorsTop: number;
  vectorsDtype: VectorsDtype;
}

/**
 * The pretrained vectors a training run uses: a vectors directory as it is, or a selection from a
 * GloVe source (every training form the source knows + its `vectorsTop` most frequent words).
 * The parser and the tagger of a bundle share one vectors directory, so both trainers call this
 * one function: the same training file and options give byte-identical vectors files.
 */
export function trainingVectors(o: VectorsOptions, train: readonly Sentence[]): Vectors | undefined {
  if (!o.vectors) return undefined;
  if (existsSync(join(o.vectors, 'manifest.json'))) return Vectors.load(o.vectors);
  const forms = new Set<string>();
  for (const s of train) for (const w of s.words) forms.add(w.form);
  return selectVectors(readPretrained(o.vectors), forms, o.vectorsTop, o.vectorsDtype);
}
