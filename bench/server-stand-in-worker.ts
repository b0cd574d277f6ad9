/**
 * Benchmark-only worker for a parser-only model (no tokenizer/tagger yet): the real Parser and the
 * real Pipeline, fed by a regex tokenizer and a most-frequent-tag lexicon from EWT train (shape
 * rules when the treebank is absent). Numbers measured with it leave out the neural tokenizer and
 * tagger, so they are an upper bound on the full pipeline's throughput; the bench says so.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { workerData } from 'node:worker_threads';
import { loadParserSync } from '../src/api/parser.ts';
import type { TagStage, TokenizeStage } from '../src/pipeline/stages.ts';
import { type WorkerConfig, type WorkerReply, type WorkerTask, modelSummary, runTask } from '../src/server/run-job.ts';
import type { TagResult } from '../src/tagger/index.ts';
import type { RawSentence, Token } from '../src/tokenizer/index.ts';

const config = workerData as WorkerConfig;

function loadLexicon(): Map<string, TagResult> {
  const file = path.resolve(process.env.ARCPARSE_DATA ?? '../shared/data/ud-english-ewt', 'en_ewt-ud-train.conllu');
  const counts = new Map<string, Map<string, number>>();
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const c = line.split('\t');
      if (c.length !== 10 || !/^\d+$/.test(c[0] ?? '')) continue;
      const key = (c[1] ?? '').toLowerCase();
      const tag = `${c[3]}\t${c[4]}\t${c[2]}\t${c[5]}`;
      const m = counts.get(key) ?? new Map<string, number>();
      m.set(tag, (m.get(tag) ?? 0) + 1);
      counts.set(key, m);
    }
  }
  const lex = new Map<string, TagResult>();
  for (const [form, m] of counts) {
    const [best = ''] = [...m].sort((a, b) => b[1] - a[1])[0] ?? [];
    const [upos = 'X', xpos = '_', lemma = form, feats = '_'] = best.split('\t');
    lex.set(form, { upos, xpos, lemma, feats });
  }
  return lex;
}
const lexicon = loadLexicon();

const tagger: TagStage = {
  tag(words: readonly string[]): TagResult[] {
    return words.map((w) => lexicon.get(w.toLowerCase())
      ?? (/^\p{P}+$/u.test(w) ? { upos: 'PUNCT', xpos: '.', lemma: w, feats: '_' }
        : /^\p{N}/u.test(w) ? { upos: 'NUM', xpos: 'CD', lemma: w, feats: '_' }
          : /^\p{Lu}/u.test(w) ? { upos: 'PROPN', xpos: 'NNP', lemma: w, feats: 'Number=Sing' }
            : { upos: 'NOUN', xpos: 'NN', lemma: w.toLowerCase(), feats: 'Number=Sing' }));
  },
};

const TOKEN = /\p{L}+(?:'\p{L}+)?|\p{N}+(?:[.,]\p{N}+)*|[^\s\p{L}\p{N}]/gu;
function scan(text: string): Token[] {
  return [...text.matchAll(TOKEN)].map((m) => {
    const end = m.index + m[0].length;
    return { form: m[0], start: m.index, end, spaceAfter: end < text.length && /\s/u.test(text[end] ?? ''), words: [m[0]] };
  });
}
const tokenizer: TokenizeStage = {
  tokenizeSentence: scan,
  tokenize(text: string): RawSentence[] {
    const out: RawSentence[] = [];
    let cur: Token[] = [];
    const flush = (): void => {
      const first = cur[0], last = cur[cur.length - 1];
      if (first && last) out.push({ text: text.slice(first.start, last.end), start: first.start, end: last.end, tokens: cur });
      cur = [];
    };
    for (const t of scan(text)) {
      cur.push(t);
      if (/^[.!?]$/u.test(t.form)) flush();
    }
    flush();
    return out;
  },
};

// The real Parser with stand-in tokenizer and tagger stages: the job runs exactly as in the server's worker.
const parsers = new Map(config.modelDirs.map((dir) => {
  const parser = loadParserSync(dir, { limits: { maxChars: config.maxChars, maxWordsPerSentence: config.maxWordsPerSentence }, stages: { tokenizer, tagger } });
  return [parser.info.model.name, parser] as const;
}));

export default function task(t: WorkerTask): WorkerReply {
  return t.op === 'info' ? { ok: true, info: [...parsers.values()].map(modelSummary) } : runTask(parsers.get(t.job.model), t);
}
