/**
 * Tokenization errors on EWT with gold sentence boundaries, grouped by chunk: `tsx bench/tokenize-errors.ts [dev|train] [lexicon.json]`
 * (a vocab.json of a tokenizer model, or a bare lexicon; without one, the rules alone).
 * A development aid for the rules and the learned lexicon.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readConllu } from '../src/ud/conllu.ts';
import { sentenceText } from '../src/ud/raw-text.ts';
import { goldTokens } from '../src/tokenizer/train/gold.ts';
import { compileLexicon, emptyLexicon, TokenizerLexiconSchema } from '../src/tokenizer/lexicon.ts';
import { loadLanguage } from '../src/tokenizer/language.ts';
import { DEFAULT_TOKENIZER_DIR } from '../src/tokenizer/tokenizer.ts';
import { Scanner } from '../src/tokenizer/scanner.ts';
import { splitFinalPeriod, tokensOf } from '../src/tokenizer/tokens.ts';

const dataDir = process.env.ARCPARSE_DATA ?? resolve(process.cwd(), '../shared/data/ud-english-ewt');
const which = process.argv[2] ?? 'dev';
const file = join(dataDir, `en_ewt-ud-${which}.conllu`);
const lexFile = process.argv[3];
const raw: unknown = lexFile ? JSON.parse(readFileSync(lexFile, 'utf8')) : undefined;
const lexJson = raw === undefined ? emptyLexicon() : TokenizerLexiconSchema.parse((raw as { lexicon?: unknown }).lexicon ?? raw);
// The language data of the shipped model, or of the model directory in ARCPARSE_TOKENIZER.
const lex = compileLexicon(lexJson, loadLanguage(process.env.ARCPARSE_TOKENIZER ?? DEFAULT_TOKENIZER_DIR));
const scanner = new Scanner(lex);
const sents = readConllu(readFileSync(file, 'utf8'), file);
const errors = new Map<string, number>();
let goldN = 0, sysN = 0, ok = 0, wordsGold = 0, wordsOk = 0;
for (const s of sents) {
  const text = sentenceText(s);
  const sys = splitFinalPeriod(tokensOf(text, 0, text.length, scanner, lex), text, lex);
  const gold = goldTokens(s);
  // gold offsets by alignment
  let pos = 0;
  const gspan: [number, number][] = [];
  for (const g of gold) {
    const i = text.indexOf(g.form, pos);
    gspan.push([i, i + g.form.length]);
    pos = i + g.form.length;
  }
  goldN += gold.length;
  sysN += sys.length;
  const sysKey = new Map(sys.map((t) => [`${t.start},${t.end}`, t]));
  const bad: number[] = [];
  gold.forEach((g, i) => {
    wordsGold += g.words.length;
    const t = sysKey.get(`${gspan[i][0]},${gspan[i][1]}`);
    if (t) {
      ok++;
      if (t.words.join('\u0001') === g.words.join('\u0001')) wordsOk += g.words.length;
      else bad.push(i);
    } else bad.push(i);
  });
  for (const i of bad) {
    // report the chunk around the error
    let a = gspan[i][0], b = gspan[i][1];
    while (a > 0 && !/\s/.test(text[a - 1])) a--;
    while (b < text.length && !/\s/.test(text[b])) b++;
    const inChunk = (x: number, y: number): boolean => x >= a && y <= b;
    const g = gold.filter((_, j) => inChunk(gspan[j][0], gspan[j][1])).map((t) => t.words.length > 1 ? `${t.form}{${t.words.join(' ')}}` : t.form).join(' ');
    const y = sys.filter((t) => inChunk(t.start, t.end)).map((t) => t.words.length > 1 ? `${t.form}{${t.words.join(' ')}}` : t.form).join(' ');
    const key = `${g}   ⇐gold|sys⇒   ${y}`;
    errors.set(key, (errors.get(key) ?? 0) + 1);
  }
}
const P = ok / sysN, R = ok / goldN;
console.log(`${which}: tokens P ${(100 * P).toFixed(2)} R ${(100 * R).toFixed(2)} F1 ${(200 * P * R / (P + R)).toFixed(2)}; words exact in matched tokens ${(100 * wordsOk / wordsGold).toFixed(2)}%`);
const sorted = [...errors].sort((x, y) => y[1] - x[1]);
const limit = Number(process.env.SHOW ?? 150);
for (const [k, v] of sorted.slice(0, limit)) console.log(String(v).padStart(4), k);
