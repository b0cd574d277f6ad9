import { copyFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeModelFiles } from '../../model/train/write-model-files.ts';
import { LANGUAGE_FILE, type TokenizerLanguage } from '../language.ts';
import { SPLITTER_ARCHITECTURE, SPLITTER_KIND, type SentenceSplitter, type SplitterConfig, type SplitterVocab } from '../sentence-splitter.ts';
import type { TokenizerLexicon } from '../types.ts';

/** The language data of a tokenizer: a hand-written file (copied byte for byte) or data learned from the treebank (written). */
export type LanguageSource = { file: string } | { learned: TokenizerLanguage };

/**
 * Writes a tokenizer model directory that Tokenizer.load reads back: the splitter and the lexicon
 * (manifest.json, vocab.json, weights.bin) and the language data.
 */
export function saveSplitter(splitter: SentenceSplitter, dir: string, lexicon: TokenizerLexicon, language: LanguageSource,
  training: Record<string, unknown> = {}): void {
  const enc = splitter.encoder;
  const vocab: SplitterVocab = { lexicon, boundary: { words: enc.words.entries(), shapes: enc.shapes.entries() } };
  const config: SplitterConfig = { ...splitter.config, threshold: splitter.threshold };
  writeModelFiles(dir, { kind: SPLITTER_KIND, architecture: SPLITTER_ARCHITECTURE, config, vocab, net: splitter.net, training });
  const target = join(dir, LANGUAGE_FILE);
  if ('learned' in language) writeFileSync(target, JSON.stringify(language.learned, null, 2) + '\n');
  else if (resolve(language.file) !== resolve(target)) copyFileSync(language.file, target);
}
