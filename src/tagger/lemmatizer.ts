/**
 * A data-driven lemmatizer for tagged words.
 *
 * 1. An exception table: (form, tag) → lemma as seen in training, kept only where the rules below
 *    would get it wrong (the exact form first, then the lowercased form).
 * 2. For other words: a casing decision per (tag, case class of the form) — keep, lowercase or
 *    capitalize, by majority; (any tag, case class) for tags not seen with that case class — and
 *    then the most frequent rewrite "strip n characters, add s" for (tag, longest known suffix).
 *    Rules are counted once per word type, so irregular frequent words do not outvote the regular
 *    pattern.
 * `tag` is the XPOS (or the UPOS for treebanks without XPOS). train/learn-lemmatizer.ts learns the tables.
 */

/** Serialized form (what vocab.json stores). */
export interface LemmatizerData {
  maxSuffix: number;
  /** [tag\tcaseClass, case change], plus [*\tcaseClass, …] over all tags for tags not seen with that case class. */
  cases: [string, CaseOp][];
  /** [tag\tsuffix, strip, add]. */
  rules: [string, number, string][];
  /** [form\ttag, lemma]. */
  exceptions: [string, string][];
}

/** How a form's case is changed before the suffix rule: keep it, lowercase it, or capitalize the first letter. */
export type CaseOp = 'keep' | 'lower' | 'title';

export function applyCase(form: string, op: CaseOp): string {
  if (op === 'lower') return form.toLowerCase();
  if (op === 'title') return form.slice(0, 1).toUpperCase() + form.slice(1);
  return form;
}

/** 0 lower or caseless, 1 Titlecase, 2 UPPER, 3 mixed. */
export function caseClass(form: string): number {
  const lower = form.toLowerCase();
  if (lower === form) return 0;
  if (form.toUpperCase() === form) return 2;
  const first = form.slice(0, 1);
  return first.toUpperCase() === first && form.slice(1).toLowerCase() === form.slice(1) ? 1 : 3;
}

export class Lemmatizer {
  private readonly maxSuffix: number;
  private readonly cases: Map<string, CaseOp>;
  private readonly rules: Map<string, { strip: number; add: string }>;
  private readonly exceptions: Map<string, string>;

  constructor(data: LemmatizerData) {
    this.maxSuffix = data.maxSuffix;
    this.cases = new Map(data.cases);
    this.rules = new Map(data.rules.map(([k, strip, add]) => [k, { strip, add }]));
    this.exceptions = new Map(data.exceptions);
  }

  /** The lemma of `form` tagged `tag`. */
  lemmatize(form: string, tag: string): string {
    const exact = this.exceptions.get(form + '\t' + tag);
    if (exact !== undefined) return exact;
    const cc = caseClass(form);
    const op = this.cases.get(tag + '\t' + cc) ?? this.cases.get('*\t' + cc) ?? 'keep';
    const f = applyCase(form, op);
    if (op === 'lower' && f !== form) {
      const viaLower = this.exceptions.get(f + '\t' + tag);
      if (viaLower !== undefined) return viaLower;
    }
    for (let l = Math.min(this.maxSuffix, f.length); l >= 0; l--) {
      const r = this.rules.get(tag + '\t' + f.slice(f.length - l));
      if (r === undefined) continue;
      if (r.strip > f.length) return f;
      const stem = f.slice(0, f.length - r.strip);
      const last = stem.charCodeAt(stem.length - 1);
      const lemma = stem + r.add;
      // Never cut a surrogate pair in half, and never return an empty lemma for a non-empty word.
      return (last >= 0xd800 && last <= 0xdbff) || lemma === '' ? f : lemma;
    }
    return f;
  }

  toJSON(): LemmatizerData {
    return {
      maxSuffix: this.maxSuffix,
      cases: [...this.cases],
      rules: [...this.rules].map(([k, r]) => [k, r.strip, r.add]),
      exceptions: [...this.exceptions],
    };
  }
}
