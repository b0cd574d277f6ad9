import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeModelFiles } from '../../model/train/write-model-files.ts';
import { LANGUAGE_FILE } from '../language.ts';
import { SPLITTER_ARCHITECTURE, SPLITTER_KIND, type SentenceSplitter, type SplitterConfig, type SplitterVocab } from '../sentence-splitter.ts';
import type { TokenizerLexicon } from '../types.ts';

/**
 * Writes a tokenizer model directory that Tokenizer.load reads back: the splitter and the lexicon
 * (manifest.json, vocab.json, weights.bin) and the language data, copied byte for byte from `languageFile`.
 */
export function saveSplitter(splitter: SentenceSplitter, dir: string, lexicon: TokenizerLexicon, languageFile: string,
  training: Record<string, unknown> = {}): void {
  const enc = splitter.encoder;
  const vocab: SplitterVocab = { lexicon, boundary: { words: enc.words.entries(), shapes: enc.shapes.entries() } };
  const config: SplitterConfig = { ...splitter.config, threshold: splitter.threshold };
  writeModelFiles(dir, { kind: SPLITTER_KIND, architecture: SPLITTER_ARCHITECTURE, config, vocab, net: splitter.net, training });
  const target = join(dir, LANGUAGE_FILE);
  if (resolve(languageFile) !== resolve(target)) copyFileSync(languageFile, target);
}
