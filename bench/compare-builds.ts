/**
 * Speed of two builds in one process, in alternate rounds (`npx tsx bench/compare-builds.ts <old
 * checkout> [<new checkout>] [--text [--chars N]] [--rounds N]`): each checkout's built dist/ and
 * models/en_ewt are loaded side by side, then EWT dev (gold tokens and tags, greedy) or, with --text,
 * the first --chars (130,000) characters of its raw text in 4,096-character pieces is parsed by one
 * build, then the other, the first build of a round alternating. Prints the rates per CPU-second and
 * the median ratio new/old. The machine's speed swings by ±30% between runs minutes apart (and within
 * a run: short rounds, e.g. --chars 20000 --rounds 40, give a steadier median); alternating in one
 * process is what keeps a comparison fair. Make the old checkout with `git worktree add ../old <rev> &&
 * (cd ../old && ln -s ../<this>/node_modules && npm run build)`. Options by environment: ARCPARSE_DATA (treebank dir).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readConllu } from '../src/ud/conllu.ts';
import { rawTextOf } from '../src/ud/raw-text.ts';

interface Build {
  loadParserSync(dir: string, opts: { eager: boolean }): {
    parseConllu(s: readonly unknown[], o: { keepTags: boolean }): unknown;
    parse(t: string): unknown;
  };
  readConllu(text: string): { words: unknown[] }[];
}

const { values: flags, positionals } = parseArgs({ allowPositionals: true, options: { text: { type: 'boolean', default: false }, rounds: { type: 'string', default: '8' }, chars: { type: 'string', default: '130000' } } });
const [oldDir, newDir = path.resolve(import.meta.dirname, '..')] = positionals.map((p) => path.resolve(p));
if (oldDir === undefined) throw new Error('usage: compare-builds.ts <old checkout> [<new checkout>] [--text [--chars N]] [--rounds N]');
const devFile = path.join(process.env.ARCPARSE_DATA ?? path.resolve(newDir, '../shared/data/ud-english-ewt'), 'en_ewt-ud-dev.conllu');
const devText = readFileSync(devFile, 'utf8');
// The same text for both builds, paragraphs as in the treebank.
const text = rawTextOf(readConllu(devText, devFile)).slice(0, Number(flags.chars));

async function runner(dir: string): Promise<() => number> {
  const b = await import(path.join(dir, 'dist/index.js')) as Build;
  const parser = b.loadParserSync(path.join(dir, 'models/en_ewt'), { eager: true });
  const dev = b.readConllu(devText);
  const once = flags.text
    ? () => { for (let c = 0; c < text.length; c += 4096) parser.parse(text.slice(c, c + 4096)); }
    : () => parser.parseConllu(dev, { keepTags: true });
  const units = flags.text ? text.length : dev.reduce((a, s) => a + s.words.length, 0);
  once();
  // Units (tokens, or characters with --text) per CPU-second of one round.
  return () => {
    const c = process.cpuUsage();
    once();
    const u = process.cpuUsage(c);
    return units / ((u.user + u.system) / 1e6);
  };
}

const runOld = await runner(oldDir), runNew = await runner(newDir);
const unit = flags.text ? 'characters' : 'tokens';
const ratios: number[] = [];
for (let r = 0; r < Number(flags.rounds); r++) {
  // Alternate which build goes first, so a drift of the machine's speed within a round pair cancels.
  let a: number, b: number;
  if (r % 2 === 0) { a = runOld(); b = runNew(); } else { b = runNew(); a = runOld(); }
  ratios.push(b / a);
  console.log(`round ${r + 1}: old ${Math.round(a)} new ${Math.round(b)} ${unit} per CPU-second, ratio ${(b / a).toFixed(3)}`);
}
ratios.sort((x, y) => x - y);
console.log(`${flags.text ? 'raw text' : 'greedy, gold tags'}: median ratio new/old ${(ratios[ratios.length >> 1] ?? NaN).toFixed(3)} over ${ratios.length} rounds`);
