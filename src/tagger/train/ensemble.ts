import type { Kernels } from '../../kernels/index.ts';
import { mergeNetworks } from '../../model/train/merge-networks.ts';
import { TaggerModel } from '../tagger-model.ts';

/**
 * Merges K taggers trained on the same data with the same template (so the same vocabularies) into
 * one tagger whose scores are the mean of the members' scores (model/train/merge-networks.ts): an
 * ordinary tagger model, saved, loaded and precomputed like any other, whose dimensions are the
 * members' sums.
 */
export function mergeTaggers(models: readonly TaggerModel[], kernels: Kernels): TaggerModel {
  const first = models[0];
  if (!first) throw new Error('mergeTaggers needs at least one model');
  for (const m of models) {
    if (m.passes.length > 1 || !m.featsTable) throw new Error('mergeTaggers: members have one pass and a FEATS table');
    if (m.config.template.join() !== first.config.template.join() || m.config.activation !== first.config.activation
      || m.vocabs.classes.join() !== first.vocabs.classes.join()
      || m.net.shape.tables.some((t, i) => t.size !== first.net.shape.tables[i].size)) {
      throw new Error('mergeTaggers: members differ in template, activation, classes or vocabulary sizes');
    }
  }
  const table = first.featsTable;
  if (!table) throw new Error('mergeTaggers: members have a FEATS table');
  const sum = (f: (m: TaggerModel) => number): number => models.reduce((a, m) => a + f(m), 0);
  const c = first.config;
  const merged = new TaggerModel(kernels, {
    template: [...c.template], activation: c.activation, hidden: sum((m) => m.config.hidden),
    wordDim: sum((m) => m.config.wordDim), shapeDim: sum((m) => m.config.shapeDim), affixDim: sum((m) => m.config.affixDim),
    ambDim: sum((m) => m.config.ambDim), cwordDim: sum((m) => m.config.cwordDim), tagDim: sum((m) => m.config.tagDim),
    template2: [], hidden2: c.hidden2,
  }, first.vocabs, first.lemmatizer, { table }, { vectors: first.vectors });
  mergeNetworks(models.map((m) => m.net), merged.net);
  return merged;
}
