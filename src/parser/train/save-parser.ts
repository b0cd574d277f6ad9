import { join, relative } from 'node:path';
import { saveVectors } from '../../model/train/write-vectors.ts';
import { writeModelFiles } from '../../model/train/write-model-files.ts';
import type { ParserModel } from '../parser-model.ts';
import { architectureOf } from '../serialize.ts';

/**
 * Writes a parser model directory that loadModel (serialize.ts) reads back. Its pretrained vectors
 * (if any) go to `vectorsDir` (default `<dir>/vectors`; a bundle shares one directory between parser
 * and tagger), recorded in the manifest as a path relative to `dir` with the vectors' checksum.
 */
export function saveModel(model: ParserModel, dir: string, training: Record<string, unknown> = {}, vectorsDir = join(dir, 'vectors')): void {
  const v = model.vocabs;
  let config: Record<string, unknown> = { ...model.config };
  if (model.vectors) {
    const m = saveVectors(model.vectors, vectorsDir);
    config = { ...config, vectors: relative(dir, vectorsDir), vectorsSha256: m.weightsSha256 };
  }
  writeModelFiles(dir, {
    kind: 'parser', architecture: architectureOf(model.system.name), config, net: model.net, training,
    vocab: { word: v.word.entries(), upos: v.upos.entries(), xpos: v.xpos.entries(), suffix: v.suffix.entries(), labels: v.labels },
  });
}

