import type { CompiledLexicon } from './lexicon.ts';

/**
 * Syntactic words of a token, by the language data (language.ts; EWT style for English): a learned
 * multiword reading (lower-cased form → word lengths, or → words that do not spell the form, such as
 * French `du` → `de le`) first; then, at the last apostrophe, a
 * negation clitic (`don't` → `do n't`, `can't` → `ca n't`), another clitic after a letter
 * (`I'm` → `I 'm`, `Bush's` → `Bush 's`, `I'd've` → `I 'd 've`) or a possessive apostrophe
 * (`parents'` → `parents '`); without an apostrophe, a contraction (`dont` → `do nt`,
 * `gonna` → `gon na`).
 */
export function wordsOf(form: string, lex: CompiledLexicon): string[] {
  const n = form.length;
  if (n < 2) return [form];
  const lower = form.toLowerCase();
  const learned = lex.multiword.get(lower);
  if (learned) return cut(form, learned);
  const expansion = lex.expansions.get(lower);
  if (expansion) return readingOf(form, expansion);
  const lang = lex.language;
  const a = lastApostrophe(form);
  if (a > 0) {
    // Negation clitics first, so that `isn't` is `is n't`, not `isn 't`.
    for (const c of lang.negationClitics) {
      const start = a - c.before.length;
      if (start >= 1 && n - a - 1 === c.after.length && form.slice(start, a).toLowerCase() === c.before
        && form.slice(a + 1).toLowerCase() === c.after) {
        return [form.slice(0, start), form.slice(start)];
      }
    }
    // `1960's` is a plural in EWT, not a clitic: a letter must come before the apostrophe.
    if (lang.clitics.has(form.slice(a + 1).toLowerCase()) && isLetterBefore(form, a)) return [...wordsOf(form.slice(0, a), lex), form.slice(a)];
    if (a === n - 1 && a >= 2 && lang.possessiveAfter.has(form[a - 1].toLowerCase())) return [form.slice(0, a), form.slice(a)];
    return [form];
  }
  const rule = lang.contractions.get(form.toLowerCase());
  return rule ? cut(form, rule) : [form];
}

/**
 * A multiword reading (lower-cased words) applied to a form: cut from the form itself when the words
 * spell it (so its capitals are kept), else the words with the form's capitals on the first word
 * (`Du` → `De le`, `DU` → `DE le`, as UD French treebanks write them).
 */
export function readingOf(form: string, words: readonly string[]): string[] {
  if (words.join('') === form.toLowerCase()) return cut(form, words.map((w) => w.length));
  const first = words[0] ?? '';
  const upper = form.length > 1 && form === form.toUpperCase() && form !== form.toLowerCase();
  const title = form[0] !== form[0]?.toLowerCase();
  const head = upper ? first.toUpperCase() : title ? first.slice(0, 1).toUpperCase() + first.slice(1) : first;
  return [head, ...words.slice(1)];
}

/**
 * Context features of the token at i for a context reading (see ContextReading), lower-cased: the
 * previous form, its last three letters (a cue for unseen nouns and verbs), the form before it and the next form.
 */
export function contextFeatures(forms: readonly string[], i: number): string[] {
  const prev = forms[i - 1]?.toLowerCase() ?? '<s>';
  return [`p=${prev}`, `ps=${prev.slice(-3)}`, `pp=${forms[i - 2]?.toLowerCase() ?? '<s>'}`, `n=${forms[i + 1]?.toLowerCase() ?? '</s>'}`];
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

function isLetterBefore(form: string, a: number): boolean {
  return a > 0 && /\p{L}/u.test(form[a - 1]);
}
