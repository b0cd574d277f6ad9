/**
 * Morphological features by lookup, most specific first:
 * 1. (lowercased form, class, lowercased previous word) and 2. (lowercased form, class, previous
 *    class): context entries for what the word alone cannot tell (the Case of "it"/"you", the
 *    Person and Number that "have"/"are" agree in), kept only where they change the answer and
 *    were seen often enough (train/learn-feats.ts);
 * 3. the most frequent FEATS of (form, class) in training, 4. of (lowercased form, class), 5. of the class.
 * Entries that agree with what the next level would say are not stored. `class` is the tagger's
 * joint UPOS/XPOS class id; the previous class of the first word is -1 and its previous word ''.
 */
export interface FeatsData {
  /** Most frequent FEATS per class id. */
  byClass: string[];
  /** [form\tclassId, feats] where it differs from byClass. */
  byForm: [string, string][];
  /** [lowerForm\tclassId\tprevClassId, feats]. */
  byPrevClass: [string, string][];
  /** [lowerForm\tclassId\tprevLowerForm, feats]. */
  byPrevWord: [string, string][];
}

export class FeatsTable {
  private readonly byClass: readonly string[];
  private readonly byForm: Map<string, string>;
  private readonly byPrevClass: Map<string, string>;
  private readonly byPrevWord: Map<string, string>;

  constructor(data: FeatsData) {
    this.byClass = data.byClass;
    this.byForm = new Map(data.byForm);
    this.byPrevClass = new Map(data.byPrevClass);
    this.byPrevWord = new Map(data.byPrevWord);
  }

  /** FEATS of a word given its class and the previous word and class. */
  feats(form: string, cls: number, prevForm: string, prevCls: number): string {
    if (this.byPrevWord.size > 0 || this.byPrevClass.size > 0) {
      const lower = form.toLowerCase();
      const k = lower + '\t' + cls + '\t';
      const w = this.byPrevWord.get(k + prevForm.toLowerCase());
      if (w !== undefined) return w;
      const c = this.byPrevClass.get(k + prevCls);
      if (c !== undefined) return c;
    }
    return this.lookupForm(form, cls);
  }

  /** Levels 3–5: the form and class alone. */
  lookupForm(form: string, cls: number): string {
    const exact = this.byForm.get(form + '\t' + cls);
    if (exact !== undefined) return exact;
    const lower = form.toLowerCase();
    if (lower !== form) {
      const viaLower = this.byForm.get(lower + '\t' + cls);
      if (viaLower !== undefined) return viaLower;
    }
    const byClass = this.byClass[cls];
    if (byClass === undefined) throw new Error(`class id ${cls} is outside the FEATS table's ${this.byClass.length} classes`);
    return byClass;
  }

  toJSON(): FeatsData {
    return { byClass: [...this.byClass], byForm: [...this.byForm], byPrevClass: [...this.byPrevClass], byPrevWord: [...this.byPrevWord] };
  }
}
