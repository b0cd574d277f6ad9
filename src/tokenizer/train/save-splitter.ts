import { writeModelFiles } from '../../model/train/write-model-files.ts';
import { SPLITTER_ARCHITECTURE, SPLITTER_KIND, type SentenceSplitter, type SplitterConfig, type SplitterVocab } from '../sentence-splitter.ts';
import type { TokenizerLexicon } from '../types.ts';

/** Writes a tokenizer model directory (the splitter and the lexicon) that SentenceSplitter.load reads back. */
export function saveSplitter(splitter: SentenceSplitter, dir: string, lexicon: TokenizerLexicon, training: Record<string, unknown> = {}): void {
  const enc = splitter.encoder;
  const vocab: SplitterVocab = { lexicon, boundary: { words: enc.words.entries(), shapes: enc.shapes.entries() } };
  const config: SplitterConfig = { ...splitter.config, threshold: splitter.threshold };
  writeModelFiles(dir, { kind: SPLITTER_KIND, architecture: SPLITTER_ARCHITECTURE, config, vocab, net: splitter.net, training });
}
