import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod/v3';
import { ModelError } from '../model/errors.ts';

/**
 * Choosing a model: a bundle name (`en_ewt`, `fr_sequoia`) names a directory under the package's
 * `models/`; any value with a `/` (or `\`, or `.`/`..`, or an absolute path) is a path to a bundle or
 * to a parser model directory. The same rule serves the library, the CLI and the HTTP service.
 */

/** The package's model bundles (`models/` beside `dist/` and `src/`). */
export const MODELS_DIR: string = fileURLToPath(new URL('../../models', import.meta.url));
/** The bundle used when none is named. */
export const DEFAULT_MODEL = 'en_ewt';
/** Optional description of a bundle, written by `arcparse train bundle`. */
export const BUNDLE_FILE = 'bundle.json';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** True when `value` can name a bundle: letters, digits, `_`, `.` and `-`, not starting with a punctuation mark. */
export function isBundleName(value: string): boolean {
  return NAME.test(value);
}

/** True when `value` is a path rather than a bundle name. */
export function isModelPath(value: string): boolean {
  return value.includes('/') || value.includes('\\') || value === '.' || value === '..' || isAbsolute(value);
}

/** Bundle names under `modelsDir` (directories with a parser). */
export function bundleNames(modelsDir: string = MODELS_DIR): string[] {
  if (!existsSync(modelsDir)) return [];
  return readdirSync(modelsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(modelsDir, d.name, 'parser', 'manifest.json')))
    .map((d) => d.name)
    .sort();
}

/**
 * The directory of a model choice (default: DEFAULT_MODEL). A name that is not a bundle under
 * `modelsDir` throws MODEL_ERR_NOT_FOUND listing the bundles there.
 */
export function resolveModel(choice: string = DEFAULT_MODEL, modelsDir: string = MODELS_DIR): string {
  if (isModelPath(choice)) return resolve(choice);
  const dir = join(modelsDir, choice);
  if (!isBundleName(choice) || !existsSync(join(dir, 'parser', 'manifest.json'))) {
    const known = bundleNames(modelsDir);
    throw new ModelError('MODEL_ERR_NOT_FOUND',
      `no model bundle named "${choice}" in ${modelsDir} (bundles: ${known.join(', ') || 'none'}; a path needs a "/", e.g. ./${choice})`,
      { model: choice, bundles: known });
  }
  return dir;
}

const BundleSchema = z.object({
  name: z.string().min(1).optional(),
  language: z.string().min(1).optional(),
  version: z.string().min(1).optional(),
  /**
   * Components taken from another directory, relative to the bundle's: a second parser for the same
   * language (`en_ewt_accurate`) uses `en_ewt`'s tokenizer and tagger instead of a copy, and in one
   * process both bundles then share their weights (the store is keyed by file).
   */
  components: z.object({ tagger: z.string().min(1).optional(), tokenizer: z.string().min(1).optional() }).strict().optional(),
}).passthrough();

/** Components a bundle can take from elsewhere (bundle.json `components`); the parser is always its own. */
export type SharedComponent = 'tagger' | 'tokenizer';

/** What a loaded model is, as the service lists it and names it in responses. */
export interface ModelDescription {
  /** The bundle name (the directory's name unless bundle.json says otherwise). */
  name: string;
  /** ISO 639 code: bundle.json, else the tokenizer's language data, else `und`. */
  language: string;
  /** bundle.json's version, else `sha-` and the first 12 hex digits of the parser's weights checksum. */
  version: string;
  dir: string;
}

function readJson(file: string): unknown {
  try {
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
  } catch (e) {
    throw new ModelError('MODEL_ERR_MANIFEST', `${file}: not valid JSON (${(e as Error).message})`, { file });
  }
}

function readBundle(dir: string): z.infer<typeof BundleSchema> {
  const bundleFile = join(dir, BUNDLE_FILE);
  const raw = readJson(bundleFile);
  const parsed = raw === undefined ? undefined : BundleSchema.safeParse(raw);
  if (parsed && !parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ModelError('MODEL_ERR_MANIFEST', `${bundleFile}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, { file: bundleFile });
  }
  return parsed?.data ?? {};
}

function resolveComponent(dir: string, bundle: z.infer<typeof BundleSchema>, component: SharedComponent): string {
  const rel = bundle.components?.[component];
  if (rel === undefined) return join(dir, component);
  const target = resolve(dir, rel);
  if (!existsSync(join(target, 'manifest.json'))) {
    const file = join(dir, BUNDLE_FILE);
    throw new ModelError('MODEL_ERR_MANIFEST', `${file}: components.${component} points to ${target}, which has no manifest.json`, { file });
  }
  return target;
}

/**
 * The directory of a bundle's tagger or tokenizer: `<dir>/<component>`, or where bundle.json's
 * `components` points (relative to the bundle); a pointer to a directory without a manifest throws.
 */
export function componentDir(dir: string, component: SharedComponent): string {
  return resolveComponent(dir, readBundle(dir), component);
}

/** Both shared components' directories (see componentDir), from one reading of bundle.json. */
export function componentDirs(dir: string): Record<SharedComponent, string> {
  const bundle = readBundle(dir);
  return { tagger: resolveComponent(dir, bundle, 'tagger'), tokenizer: resolveComponent(dir, bundle, 'tokenizer') };
}

/** Name, language and version of the model in `dir` (a bundle or a parser directory). */
export function describeModel(dir: string): ModelDescription {
  const bundle = readBundle(dir);
  const lang = readJson(join(resolveComponent(dir, bundle, 'tokenizer'), 'language.json')) as { language?: unknown } | undefined;
  const parserManifest = (readJson(join(dir, 'parser', 'manifest.json')) ?? readJson(join(dir, 'manifest.json'))) as { weightsSha256?: unknown } | undefined;
  const sha = typeof parserManifest?.weightsSha256 === 'string' ? parserManifest.weightsSha256 : '';
  return {
    name: bundle.name ?? basename(resolve(dir)),
    language: bundle.language ?? (typeof lang?.language === 'string' ? lang.language : 'und'),
    version: bundle.version ?? `sha-${sha.slice(0, 12)}`,
    dir: resolve(dir),
  };
}

/** Every bundle under `modelsDir`, described. */
export function listModels(modelsDir: string = MODELS_DIR): ModelDescription[] {
  return bundleNames(modelsDir).map((n) => describeModel(join(modelsDir, n)));
}
