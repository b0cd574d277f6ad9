/**
 * One option style for every command: `--kebab-case` flags built from an options object's defaults
 * and a table saying what each option is. A number flag must parse, a choice must be one of its
 * choices, a list is comma-separated, a boolean that defaults to true is turned off with `--no-…`.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';

export type OptionKind = 'int' | 'number' | 'string' | 'list' | 'boolean';

export interface OptionSpec {
  kind: OptionKind;
  help: string;
  choices?: readonly string[];
}

/** One spec per option that has a default (optional fields of the options type have none). */
export type OptionSpecs<T> = { readonly [K in keyof T as undefined extends T[K] ? never : K]-?: OptionSpec };

const kebab = (k: string): string => k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

export const parseInt10 = (v: string): number => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n)) throw new InvalidArgumentError('expected an integer');
  return n;
};

export const parsePositive = (v: string): number => {
  const n = parseInt10(v);
  if (n < 1) throw new InvalidArgumentError('expected an integer of at least 1');
  return n;
};

export const parseNumber = (v: string): number => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number');
  return n;
};

const parseList = (v: string): string[] => v.split(',').map((s) => s.trim()).filter((s) => s !== '');

/** Adds a flag for every key of `defaults`, described by `specs`, with the default shown in --help. */
export function addOptions<T extends object>(cmd: Command, defaults: T, specs: OptionSpecs<T>): Command {
  const table = specs as Readonly<Record<string, OptionSpec>>;
  for (const [key, def] of Object.entries(defaults)) {
    const spec = table[key];
    if (!spec) throw new Error(`option ${key} has no description`);
    const flag = kebab(key);
    if (spec.kind === 'boolean') {
      cmd.addOption(def === true ? new Option(`--no-${flag}`, spec.help) : new Option(`--${flag}`, spec.help).default(false));
      continue;
    }
    const o = new Option(`--${flag} <${spec.kind === 'list' ? 'a,b,…' : spec.kind === 'string' ? 'value' : 'n'}>`, spec.help);
    if (spec.choices) o.choices(spec.choices);
    if (spec.kind === 'int') o.argParser(parseInt10);
    else if (spec.kind === 'number') o.argParser(parseNumber);
    else if (spec.kind === 'list') o.argParser(parseList);
    cmd.addOption(o.default(def, Array.isArray(def) ? def.join(',') : String(def)));
  }
  return cmd;
}

/** The values of `defaults`' keys from parsed options (commander camel-cases the flags back to the keys). */
export function pickOptions<T extends object>(values: Readonly<Record<string, unknown>>, defaults: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) out[key] = values[key];
  return out as T;
}

/** The command line as typed, for the training record (`arcparse train parser --train …`). */
export function commandLine(argv: readonly string[] = process.argv.slice(2)): string {
  return ['arcparse', ...argv].join(' ');
}

/** One JSON line per event on stderr: the training log. */
export const logEvent = (o: Record<string, unknown>): void => void process.stderr.write(JSON.stringify(o) + '\n');
