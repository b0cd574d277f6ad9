/**
 * Writes the raw text `arcparse evaluate --from text` parses: the `# text` of every sentence, joined
 * by one space inside a paragraph and by a blank line between paragraphs (CoNLL 2018 shared task).
 * Usage: tsx scripts/raw-text.ts GOLD.conllu [paragraphs|one-paragraph] > text.txt
 */
import { readFileSync } from 'node:fs';
import { rawTextOf } from '../src/ud/raw-text.ts';
import { readConllu } from '../src/ud/conllu.ts';

const [file, layout = 'paragraphs'] = process.argv.slice(2);
if (!file || (layout !== 'paragraphs' && layout !== 'one-paragraph')) {
  process.stderr.write('usage: tsx scripts/raw-text.ts GOLD.conllu [paragraphs|one-paragraph]\n');
  process.exit(2);
}
process.stdout.write(rawTextOf(readConllu(readFileSync(file, 'utf8'), file), { layout }));
