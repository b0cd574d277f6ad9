/**
 * The scanner stays linear on pathological input: `npx tsx bench/tokenize-long-words.ts`.
 * Tokenizes 50,000-character runs of one piece (letters, dots, hyphens, emoji, colons, `@`,
 * commas, apostrophes) and prints the time of each; a quadratic step would take seconds.
 */
import { Tokenizer } from '../src/tokenizer/index.ts';

const tok = Tokenizer.load();
for (const w of ['a', 'a.', 'a-', '😀', ':', 'a@', '1,', "a'"]) {
  const text = w.repeat(50_000 / w.length);
  tok.tokenize(text); // warm-up
  const t0 = performance.now();
  const tokens = tok.tokenize(text).reduce((a, s) => a + s.tokens.length, 0);
  console.log(`${JSON.stringify(w).padEnd(6)} × ${String(text.length / w.length).padStart(6)}: ${(performance.now() - t0).toFixed(1).padStart(7)} ms, ${tokens} tokens`);
}
