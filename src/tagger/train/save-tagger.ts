import { writeModelFiles } from '../../model/train/write-model-files.ts';
import { TAGGER_ARCHITECTURE } from '../serialize.ts';
import type { TaggerModel } from '../tagger-model.ts';

/** Writes a tagger model directory that loadTaggerModel (serialize.ts) reads back. */
export function saveTagger(model: TaggerModel, dir: string, training: Record<string, unknown> = {}): void {
  const v = model.vocabs;
  const words = v.word.entries();
  const first = v.word.size - words.length;
  writeModelFiles(dir, {
    kind: 'tagger', architecture: TAGGER_ARCHITECTURE, config: { ...model.config }, net: model.net, training,
    vocab: {
      word: words, shape: v.shape.entries(), prefix: v.prefix.entries(), suffix: v.suffix.entries(), amb: v.amb.entries(), cword: v.cword.entries(),
      ambOfWord: Array.from(v.ambOfWord.subarray(first)), classes: v.classes,
      lemmatizer: model.lemmatizer.toJSON(), feats: model.feats.toJSON(),
    },
  });
}

