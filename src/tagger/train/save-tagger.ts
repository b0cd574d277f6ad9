import { join, relative } from 'node:path';
import { saveVectors } from '../../model/train/write-vectors.ts';
import { writeModelFiles } from '../../model/train/write-model-files.ts';
import { TAGGER_ARCHITECTURE } from '../serialize.ts';
import { type TaggerModel, extraNetworks } from '../tagger-model.ts';

/**
 * Writes a tagger model directory that loadTaggerModel (serialize.ts) reads back. Its pretrained
 * vectors (if any) go to `vectorsDir` (default `<dir>/vectors`; a bundle shares one directory
 * between parser and tagger), recorded in the manifest as a path relative to `dir` with the
 * vectors' checksum.
 */
export function saveTagger(model: TaggerModel, dir: string, training: Record<string, unknown> = {}, vectorsDir = join(dir, 'vectors')): void {
  const v = model.vocabs;
  const words = v.word.entries();
  const first = v.word.size - words.length;
  let config: Record<string, unknown> = { ...model.config };
  if (model.vectors) {
    const m = saveVectors(model.vectors, vectorsDir);
    config = { ...config, vectors: relative(dir, vectorsDir), vectorsSha256: m.weightsSha256 };
  }
  writeModelFiles(dir, {
    kind: 'tagger', architecture: TAGGER_ARCHITECTURE, config, net: model.net, training,
    more: extraNetworks(model),
    vocab: {
      word: words, shape: v.shape.entries(), prefix: v.prefix.entries(), suffix: v.suffix.entries(), amb: v.amb.entries(), cword: v.cword.entries(),
      ambOfWord: Array.from(v.ambOfWord.subarray(first)), classes: v.classes,
      lemmatizer: model.lemmatizer.toJSON(),
      ...(model.featsTable ? { feats: model.featsTable.toJSON() } : {}),
      ...(model.featsModel ? { featsNetwork: { ...model.featsModel.vocab, deprels: model.featsModel.vocab.deprels.entries() } } : {}),
    },
  });
}
