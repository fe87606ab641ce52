/**
 * The one resolution path the CLI (`--preset`, `--config`, `--set`) and the panel share: a base (a preset),
 * an optional overlay (a saved config file, possibly partial), dotted overrides coerced to the field's
 * type, then migration and validation. File loading lives in src/node/config/resolve-config.ts.
 */
import { describeAllowed, FIELD_SPECS, SECTION_PATHS, setAtPath, suggestField } from './fields';
import { ConfigMigrationError, migrateConfig } from './migrations';
import { validateConfig, type ConfigIssue, type ValidationContext, type ValidationResult } from './validate';

type Json = Record<string, unknown>;

export interface ResolveSource {
  /** Parsed JSON of a preset or config file, in any supported version. */
  readonly value: unknown;
  /** Named in messages: `preset "fast"`, `configs/run1.json`. */
  readonly label: string;
}

export interface ResolveDataInput {
  readonly base: ResolveSource;
  readonly overlay?: ResolveSource;
  /** `key=value` strings, applied in order. */
  readonly sets?: readonly string[];
  readonly context?: ValidationContext;
}

export interface ResolveResult extends ValidationResult {
  /** The merged config before validation (null when a source could not be read), e.g. to show or save. */
  readonly merged: Json | null;
  /** Migration notes, prefixed with the source they came from. */
  readonly notes: readonly string[];
}

export type ParsedSet = { readonly ok: true; readonly path: string; readonly value: unknown } | { readonly ok: false; readonly issue: ConfigIssue };

const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = { true: true, false: false, yes: true, no: false, on: true, off: false, '1': true, '0': false };

/** Parses one `--set key=value`, coercing the value to the field's type. */
export function parseSet(text: string): ParsedSet {
  const fail = (path: string, message: string): ParsedSet => ({ ok: false, issue: { path, message, severity: 'error' } });
  const equals = text.indexOf('=');
  if (equals <= 0) return fail('', `--set expects key=value, like model.architecture=res8 (got ${JSON.stringify(text)})`);
  const path = text.slice(0, equals).trim();
  const rawValue = text.slice(equals + 1).trim();
  if (path === 'version') return fail(path, 'is set by the file format and cannot be overridden');
  const spec = FIELD_SPECS.get(path);
  if (!spec) {
    if (SECTION_PATHS.has(path)) {
      const example = [...FIELD_SPECS.keys()].find((key) => key.startsWith(`${path}.`));
      return fail(path, `is a section; set one of its fields${example ? `, such as ${example}` : ''}`);
    }
    const hint = suggestField(path);
    return fail(path, `unknown field${hint ? ` (did you mean ${hint}?)` : ''}`);
  }
  if (spec.kind === 'int' || spec.kind === 'number') {
    const value = rawValue === '' ? Number.NaN : Number(rawValue);
    if (!Number.isFinite(value)) return fail(path, `must be ${describeAllowed(spec)} (got ${JSON.stringify(rawValue)})`);
    return { ok: true, path, value };
  }
  if (spec.kind === 'boolean') {
    const value = BOOLEAN_WORDS[rawValue.toLowerCase()];
    if (value === undefined) return fail(path, `must be true or false (got ${JSON.stringify(rawValue)})`);
    return { ok: true, path, value };
  }
  return { ok: true, path, value: rawValue };
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Objects merge key by key; anything else in `overlay` replaces what `base` had. */
export function deepMerge(base: Json, overlay: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const existing = out[key];
    out[key] = isObject(existing) && isObject(value) ? deepMerge(existing, value) : value;
  }
  return out;
}

function migrateSource(source: ResolveSource, notes: string[]): { config: Json } | { issue: ConfigIssue } {
  try {
    const migrated = migrateConfig(source.value);
    for (const note of migrated.notes) notes.push(`${source.label} (version ${migrated.from}): ${note}`);
    return { config: migrated.config };
  } catch (error) {
    if (!(error instanceof ConfigMigrationError)) throw error;
    return { issue: { path: error.field, message: `${source.label}: ${error.message}`, severity: 'error' } };
  }
}

export function resolveConfigData(input: ResolveDataInput): ResolveResult {
  const notes: string[] = [];
  const sourceErrors: ConfigIssue[] = [];
  const base = migrateSource(input.base, notes);
  const overlay = input.overlay ? migrateSource(input.overlay, notes) : null;
  if ('issue' in base) sourceErrors.push(base.issue);
  if (overlay && 'issue' in overlay) sourceErrors.push(overlay.issue);
  if (!('config' in base) || (overlay && !('config' in overlay))) {
    return { ok: false, config: null, errors: sourceErrors, warnings: [], merged: null, notes };
  }

  let merged = overlay ? deepMerge(base.config, overlay.config) : base.config;
  const setErrors: ConfigIssue[] = [];
  for (const text of input.sets ?? []) {
    const parsed = parseSet(text);
    if (parsed.ok) merged = setAtPath(merged, parsed.path, parsed.value);
    else setErrors.push({ ...parsed.issue, message: `${parsed.issue.message} (in --set ${text})` });
  }
  const result = validateConfig(merged, input.context);
  const errors = [...setErrors, ...result.errors];
  return { ...result, ok: errors.length === 0, config: errors.length === 0 ? result.config : null, errors, merged, notes };
}
