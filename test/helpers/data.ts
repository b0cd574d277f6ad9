import path from 'node:path';

/** The EWT treebank lives outside the repo (licence, size); ARCPARSE_DATA overrides the default sibling checkout. */
export const DATA_DIR: string = process.env.ARCPARSE_DATA ?? path.resolve(process.cwd(), '../shared/data/ud-english-ewt');
export const EWT_TRAIN: string = path.join(DATA_DIR, 'en_ewt-ud-train.conllu');
export const EWT_DEV: string = path.join(DATA_DIR, 'en_ewt-ud-dev.conllu');
/** UD French Sequoia, likewise outside the repo; ARCPARSE_DATA_FR overrides the default sibling checkout. */
export const FR_DATA_DIR: string = process.env.ARCPARSE_DATA_FR ?? path.resolve(process.cwd(), '../shared/data/ud-french-sequoia');
export const SEQUOIA_TRAIN: string = path.join(FR_DATA_DIR, 'fr_sequoia-ud-train.conllu');
export const SEQUOIA_DEV: string = path.join(FR_DATA_DIR, 'fr_sequoia-ud-dev.conllu');
