import path from 'node:path';

/** The EWT treebank lives outside the repo (licence, size); ARCPARSE_DATA overrides the default sibling checkout. */
export const DATA_DIR: string = process.env.ARCPARSE_DATA ?? path.resolve(process.cwd(), '../shared/data/ud-english-ewt');
export const EWT_TRAIN: string = path.join(DATA_DIR, 'en_ewt-ud-train.conllu');
export const EWT_DEV: string = path.join(DATA_DIR, 'en_ewt-ud-dev.conllu');
