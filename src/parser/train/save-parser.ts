import { writeModelFiles } from '../../model/train/write-model-files.ts';
import type { ParserModel } from '../parser-model.ts';
import { architectureOf } from '../serialize.ts';

/** Writes a parser model directory that loadModel (serialize.ts) reads back. */
export function saveModel(model: ParserModel, dir: string, training: Record<string, unknown> = {}): void {
  const v = model.vocabs;
  writeModelFiles(dir, {
    kind: 'parser', architecture: architectureOf(model.system.name), config: { ...model.config }, net: model.net, training,
    vocab: { word: v.word.entries(), upos: v.upos.entries(), xpos: v.xpos.entries(), suffix: v.suffix.entries(), labels: v.labels },
  });
}

