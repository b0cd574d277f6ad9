/**
 * Morphological features by lookup: the most frequent FEATS of (form, class) in training, then of
 * (lowercased form, class), then of the class alone. Entries that agree with the class default are
 * not stored. `class` is the tagger's joint UPOS/XPOS class id.
 */
export interface FeatsData {
  /** Most frequent FEATS per class id. */
  byClass: string[];
  /** [form\tclassId, feats] where it differs from byClass. */
  byForm: [string, string][];
}

export class FeatsTable {
  private readonly byClass: readonly string[];
  private readonly byForm: Map<string, string>;

  constructor(data: FeatsData) {
    this.byClass = data.byClass;
    this.byForm = new Map(data.byForm);
  }

  /** Learns from (form, class id, feats) tokens; numClasses bounds the class ids. */
  static learn(tokens: Iterable<{ form: string; cls: number; feats: string }>, numClasses: number): FeatsTable {
    const formCounts = new Map<string, Map<string, number>>();
    const classCounts = Array.from({ length: numClasses }, () => new Map<string, number>());
    const add = (m: Map<string, number>, v: string): void => void m.set(v, (m.get(v) ?? 0) + 1);
    for (const t of tokens) {
      add(classCounts[t.cls], t.feats);
      for (const f of t.form === t.form.toLowerCase() ? [t.form] : [t.form, t.form.toLowerCase()]) {
        const k = `${f}\t${t.cls}`;
        let m = formCounts.get(k);
        if (!m) formCounts.set(k, (m = new Map()));
        add(m, t.feats);
      }
    }
    const best = (m: Map<string, number>): string => {
      let b = '_', c = 0;
      for (const [v, n] of m) if (n > c || (n === c && v < b)) { b = v; c = n; }
      return b;
    };
    const byClass = classCounts.map(best);
    const chosen = new Map<string, string>();
    for (const [k, m] of formCounts) chosen.set(k, best(m));
    const byForm: [string, string][] = [];
    for (const [k, f] of [...chosen].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      // Stored only where the lookup's fallback (lowercased form, then class) would say otherwise.
      const fallback = chosen.get(k.toLowerCase()) ?? byClass[Number(k.slice(k.lastIndexOf('\t') + 1))];
      const classDefault = byClass[Number(k.slice(k.lastIndexOf('\t') + 1))];
      if (f !== (k === k.toLowerCase() ? classDefault : fallback)) byForm.push([k, f]);
    }
    return new FeatsTable({ byClass, byForm });
  }

  feats(form: string, cls: number): string {
    const exact = this.byForm.get(form + '\t' + cls);
    if (exact !== undefined) return exact;
    const lower = form.toLowerCase();
    if (lower !== form) {
      const viaLower = this.byForm.get(lower + '\t' + cls);
      if (viaLower !== undefined) return viaLower;
    }
    return this.byClass[cls] ?? '_';
  }

  toJSON(): FeatsData {
    return { byClass: [...this.byClass], byForm: [...this.byForm] };
  }
}
