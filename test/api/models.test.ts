/**
 * Choosing a model: a bundle name under the package's models/ (`en_ewt`, `fr_sequoia`) or a path
 * (any value with a `/`), in the library and in the CLI.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, MODELS_DIR, bundleNames, componentDir, isModelPath, listModels, resolveModel } from '../../src/api/models.ts';
import { loadParser } from '../../src/api/parser.ts';
import { ModelError } from '../../src/model/errors.ts';
import { bundleAt, describeWhen } from '../helpers/needs.ts';

const root = resolve(import.meta.dirname, '../..');

describe('model choice', () => {
  it('a value with a / is a path; a bare word is a bundle name', () => {
    expect(isModelPath('fr_sequoia')).toBe(false);
    expect(isModelPath('./fr_sequoia')).toBe(true);
    expect(isModelPath('models/fr_sequoia')).toBe(true);
    expect(isModelPath('/abs/dir')).toBe(true);
    expect(resolveModel()).toBe(join(MODELS_DIR, DEFAULT_MODEL));
    expect(resolveModel('models/en_ewt')).toBe(resolve('models/en_ewt'));
  });

  it('an unknown name throws MODEL_ERR_NOT_FOUND listing the bundles', () => {
    let err: unknown;
    try { resolveModel('xx_nothing'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).code).toBe('MODEL_ERR_NOT_FOUND');
    expect((err as Error).message).toMatch(/en_ewt/);
  });

  it('lists the shipped bundles with name, language and version', () => {
    expect(bundleNames()).toEqual(expect.arrayContaining(['en_ewt', 'fr_sequoia']));
    const models = listModels();
    expect(models.find((m) => m.name === 'en_ewt')).toMatchObject({ language: 'en' });
    expect(models.find((m) => m.name === 'fr_sequoia')).toMatchObject({ language: 'fr' });
    expect(models.find((m) => m.name === 'en_ewt_accurate')).toMatchObject({ language: 'en' });
    for (const m of models) expect(m.version).toMatch(/\S/);
  });
});

describeWhen([bundleAt(join(MODELS_DIR, 'fr_sequoia'))], 'the French bundle by name and by path', () => {
  it('loadParser(\'fr_sequoia\') and loadParser(\'./models/fr_sequoia\') load the same model and parse French', async () => {
    const byName = await loadParser('fr_sequoia');
    const byPath = await loadParser(join(root, 'models/fr_sequoia'));
    expect(byName.info.model.name).toBe('fr_sequoia');
    expect(byName.info.model.language).toBe('fr');
    expect(byPath.info.modelDir).toBe(byName.info.modelDir);
    const [s] = byName.parse("L'enfant parle du livre au professeur.");
    expect(s?.words.map((w) => w.form)).toEqual(["L'", 'enfant', 'parle', 'de', 'le', 'livre', 'à', 'le', 'professeur', '.']);
    expect(byPath.parse("L'enfant parle du livre au professeur.")).toEqual(byName.parse("L'enfant parle du livre au professeur."));
  });

  it('the default is still English', async () => {
    const en = await loadParser();
    expect(en.info.model).toMatchObject({ name: 'en_ewt', language: 'en' });
  });

  it('arcparse parse --model fr_sequoia', { timeout: 60_000 }, () => {
    const out = execFileSync('npx', ['tsx', join(root, 'src/cli/main.ts'), 'parse', '--model', 'fr_sequoia', '--from', 'text'],
      { cwd: root, encoding: 'utf8', input: 'Il parle du livre.\n' });
    expect(out).toMatch(/^3-4\tdu\t/m);
    expect(out).toMatch(/^3\tde\t/m);
    expect(out).toMatch(/^4\tle\t/m);
  });
});


describe('bundle.json components: a bundle that takes its tokenizer and tagger from another', () => {
  it('resolves them relative to the bundle, and a pointer to nothing is MODEL_ERR_MANIFEST', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arcparse-components-'));
    const b = join(dir, 'b');
    mkdirSync(join(dir, 'a', 'tagger'), { recursive: true });
    writeFileSync(join(dir, 'a', 'tagger', 'manifest.json'), '{}');
    mkdirSync(b);
    writeFileSync(join(b, 'bundle.json'), JSON.stringify({ components: { tagger: '../a/tagger', tokenizer: '../a/tokenizer' } }));
    expect(componentDir(b, 'tagger')).toBe(join(dir, 'a', 'tagger'));
    let err: unknown;
    try { componentDir(b, 'tokenizer'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).code).toBe('MODEL_ERR_MANIFEST');
    expect((err as Error).message).toMatch(/components\.tokenizer/);
    writeFileSync(join(b, 'bundle.json'), JSON.stringify({ components: { parser: '../a/parser' } }));
    expect(() => componentDir(b, 'tagger')).toThrow(ModelError);
    // Without bundle.json a component is the bundle's own subdirectory.
    expect(componentDir(join(dir, 'a'), 'tagger')).toBe(join(dir, 'a', 'tagger'));
  });
});

describeWhen([bundleAt(join(MODELS_DIR, 'en_ewt_accurate'), ['parser']), bundleAt(join(MODELS_DIR, 'en_ewt'))], 'the accurate English bundle', () => {
  it('parses raw text with en_ewt\'s tokenizer and tagger and its own parser', async () => {
    const acc = await loadParser('en_ewt_accurate');
    const en = await loadParser('en_ewt');
    expect(acc.info.model).toMatchObject({ name: 'en_ewt_accurate', language: 'en' });
    const a = acc.parse('She left the house early.'), e = en.parse('She left the house early.');
    expect(a[0]?.words.map((w) => [w.form, w.upos, w.lemma])).toEqual(e[0]?.words.map((w) => [w.form, w.upos, w.lemma]));
    expect(a[0]?.words.every((w) => w.head >= 0 && w.deprel !== '')).toBe(true);
  });
});
