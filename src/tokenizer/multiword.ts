import type { CompiledLexicon } from './lexicon.ts';

/**
 * Syntactic words of a token, EWT style: `don't` → `do n't`, `can't` → `ca n't`, `I'm` → `I 'm`,
 * `Bush's` → `Bush 's`, `parents'` → `parents '`, `dont` → `do nt`, `gonna` → `gon na`.
 * The learned lexicon (lower-cased form → word lengths) overrides the rules; the words always
 * concatenate to the form.
 */
export function wordsOf(form: string, lex: CompiledLexicon): string[] {
  const n = form.length;
  if (n < 2) return [form];
  const learned = lex.multiword.get(form.toLowerCase());
  if (learned) return cut(form, learned);
  const a = lastApostrophe(form);
  if (a > 0) {
    // n't, checked before the clitics so that `isn't` is `is n't`, not `isn 't`
    if (a === n - 2 && (form.charCodeAt(n - 1) | 0x20) === 0x74 && (form.charCodeAt(a - 1) | 0x20) === 0x6e && a >= 2) {
      return [form.slice(0, a - 1), form.slice(a - 1)];
    }
    // `1960's` is a plural in EWT, not a clitic
    // I'd've → I 'd 've
    if (isClitic(form, a + 1) && isLetterBefore(form, a)) return [...wordsOf(form.slice(0, a), lex), form.slice(a)];
    if (a === n - 1 && (form.charCodeAt(a - 1) | 0x20) === 0x73 && a >= 2) return [form.slice(0, a), form.slice(a)];
    return [form];
  }
  const rule = NO_APOSTROPHE.get(form.toLowerCase());
  return rule ? cut(form, rule) : [form];
}

export function cut(form: string, lengths: readonly number[]): string[] {
  if (lengths.length < 2) return [form];
  const out: string[] = [];
  let p = 0;
  for (const l of lengths) {
    out.push(form.slice(p, p + l));
    p += l;
  }
  // A lexicon entry that does not fit the form (should not happen) leaves the token unsplit.
  return p === form.length ? out : [form];
}

function isApostrophe(c: number): boolean {
  return c === 0x27 || c === 0x2019 || c === 0x60;
}

function lastApostrophe(form: string): number {
  for (let i = form.length - 1; i >= 0; i--) if (isApostrophe(form.charCodeAt(i))) return i;
  return -1;
}

/** s, m, d, re, ve, ll (any case) from i to the end of the form. */
function isClitic(form: string, i: number): boolean {
  const rest = form.length - i;
  if (rest === 1) {
    const c = form.charCodeAt(i) | 0x20;
    return c === 0x73 || c === 0x6d || c === 0x64;
  }
  if (rest !== 2) return false;
  const t = form.slice(i).toLowerCase();
  return t === 're' || t === 've' || t === 'll';
}

function isLetterBefore(form: string, a: number): boolean {
  return a > 0 && /\p{L}/u.test(form[a - 1]);
}

/** Contractions written without the apostrophe that EWT splits (the learned lexicon adds more). */
const NO_APOSTROPHE: ReadonlyMap<string, number[]> = new Map([
  ...['do', 'does', 'did', 'is', 'are', 'was', 'were', 'has', 'have', 'had', 'could', 'would', 'should', 'ca', 'wo', 'ai']
    .map((w): [string, number[]] => [`${w}nt`, [w.length, 2]]),
  ['cannot', [3, 3]], ['gonna', [3, 2]], ['wanna', [3, 2]], ['gotta', [3, 2]],
  ['im', [1, 1]], ['ive', [1, 2]], ['youre', [3, 2]], ['theyre', [4, 2]], ['thats', [4, 1]], ['theres', [5, 1]],
  ['whats', [4, 1]], ['hes', [2, 1]],
]);
