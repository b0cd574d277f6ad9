/**
 * Tokenizer data conventions.
 *
 * - Offsets are UTF-16 code units into the original string, end exclusive: `text.slice(start, end) === form`.
 * - Text between two tokens holds only separators (white space and control characters), so the original
 *   string is `tokens[0].form + text.slice(t0.end, t1.start) + tokens[1].form + …` exactly.
 * - A multiword token (UD `3-4` line) keeps its surface `form`; `words` are its syntactic words. Their
 *   concatenation is the form when the treebank writes it so (EWT: `can't` → `ca` + `n't`, `gonna` →
 *   `gon` + `na`), but need not be (French: `du` → `de` + `le`, `au` → `à` + `le`).
 */

export interface Token {
  form: string;
  start: number;
  end: number;
  /** False when the next character is not a separator (CoNLL-U `SpaceAfter=No`). */
  spaceAfter: boolean;
  /** Syntactic words; length > 1 for a multiword token. */
  words: string[];
}

export interface RawSentence {
  /** `input.slice(start, end)`: from the first token's start to the last token's end. */
  text: string;
  start: number;
  end: number;
  /** Never empty. */
  tokens: Token[];
}

/**
 * What the tokenizer learns from a treebank: exceptions to its rules and open lists the rules consult.
 * Stored in the sentence-splitter model's vocab.json.
 */
export interface TokenizerLexicon {
  /** Tokens kept whole although the rules would split them (`Dr.`, `U.S.`, `AT&T`, `Yahoo!`). */
  wholeTokens: string[];
  /** White-space-delimited chunks the rules get wrong, with their token lengths in code units. */
  chunks: Record<string, number[]>;
  /** Lower-cased forms whose multiword split differs from the rules: form → word lengths (`[4]` = no split). */
  multiword: Record<string, number[]>;
  /** Lower-cased word runs EWT splits (`alot` → `a lot`): run → token lengths. */
  wordSplits: Record<string, number[]>;
  /**
   * Forms that are multiword tokens only before certain words: `its` is `it s` before `a`, `not`,
   * `the`… (`its a shame`) and a possessive elsewhere.
   */
  contextMultiword: Record<string, { words: number[]; next: string[] }>;
  /** Lower-cased first parts that keep a hyphenated word whole (`e-mail`, `non-profit`, `re-read`). */
  hyphenPrefixes: string[];
  /** Lower-cased last parts that keep a dotted word whole (`enron.com`, `notes.doc`). */
  dottedSuffixes: string[];
  /** Lower-cased letter sequences split off a preceding number (`5kg`, `7pm`); others stay (`2nd`, `1960s`). */
  numberUnits: string[];
  /**
   * Lower-cased forms whose usual words do not spell the form (French `du` → `de le`, `aux` → `à les`):
   * form → lower-cased words (the first word takes the form's capitals). Absent in older models.
   */
  expansions?: Record<string, string[]> | undefined;
  /**
   * Forms read as one word or as a multiword token depending on the words around them (French `des`:
   * `de les` after `ensemble`, one word after `avec`): a log-linear model over the neighbouring forms.
   * Absent in older models.
   */
  contextReadings?: Record<string, ContextReading> | undefined;
  /** Lower-cased letters that stand between two numbers as a token of their own (`18h15` → `18 h 15`). Absent in older models. */
  unitsBetweenNumbers?: string[] | undefined;
}

/** When a form is a multiword token: bias + Σ weights of its context features > 0 (features: multiword.ts). */
export interface ContextReading {
  /** The multiword reading's words (lower-cased; cased like the form when used). */
  words: string[];
  bias: number;
  /** `p=<previous form>`, `ps=<its last 3 letters>`, `pp=<the one before>`, `n=<next form>` (lower-cased) → weight. */
  weights: Record<string, number>;
}

/** Upper bound on a token's length in code units; longer runs are cut (never inside a surrogate pair). */
export const MAX_TOKEN_LENGTH = 256;
