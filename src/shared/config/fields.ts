/**
 * The config's leaf fields as data (dotted path, kind, range, choices), read off the zod schema so error
 * messages, `--set` coercion and the panel's inputs cannot drift from the schema.
 */
import type { z } from 'zod';
import { trainingConfigSchema } from './schema';

export type FieldKind = 'int' | 'number' | 'boolean' | 'enum' | 'string' | 'literal';

export interface FieldSpec {
  readonly path: string;
  readonly kind: FieldKind;
  readonly min?: number;
  readonly max?: number;
  readonly options?: readonly string[];
  readonly optional: boolean;
}

interface Introspectable {
  readonly def: { readonly type: string };
}

function walk(schema: z.ZodType, prefix: string, optional: boolean, out: Map<string, FieldSpec>): void {
  const type = (schema as unknown as Introspectable).def.type;
  if (type === 'optional') {
    walk((schema as z.ZodOptional<z.ZodType>).unwrap(), prefix, true, out);
  } else if (type === 'default') {
    // A section with a default is always present after parsing: its fields are not optional.
    walk((schema as z.ZodDefault<z.ZodType>).unwrap(), prefix, optional, out);
  } else if (type === 'object') {
    for (const [key, child] of Object.entries((schema as z.ZodObject).shape)) {
      walk(child as z.ZodType, prefix ? `${prefix}.${key}` : key, false, out);
    }
  } else if (type === 'number') {
    const n = schema as z.ZodNumber;
    out.set(prefix, {
      path: prefix,
      kind: n.isInt ? 'int' : 'number',
      ...(n.minValue === null ? {} : { min: n.minValue }),
      ...(n.maxValue === null ? {} : { max: n.maxValue }),
      optional,
    });
  } else if (type === 'enum') {
    out.set(prefix, { path: prefix, kind: 'enum', options: (schema as z.ZodEnum).options.map(String), optional });
  } else if (type === 'boolean' || type === 'string' || type === 'literal') {
    out.set(prefix, { path: prefix, kind: type, optional });
  } else {
    throw new Error(`config schema: unsupported field type ${type} at ${prefix}`);
  }
}

function collect(): ReadonlyMap<string, FieldSpec> {
  const out = new Map<string, FieldSpec>();
  walk(trainingConfigSchema, '', false, out);
  return out;
}

/** Every leaf of the config, keyed by dotted path (`training.epochs`). */
export const FIELD_SPECS: ReadonlyMap<string, FieldSpec> = collect();

/** Top-level and nested section paths (`model`, `model.dscnn`), for "set a field, not a section" messages. */
export const SECTION_PATHS: ReadonlySet<string> = new Set(
  [...FIELD_SPECS.keys()].flatMap((path) => {
    const parts = path.split('.');
    return parts.slice(1).map((_, index) => parts.slice(0, index + 1).join('.'));
  }),
);

function formatNumber(value: number): string {
  return Math.abs(value) >= 10000 ? value.toLocaleString('en-US') : String(value);
}

/** What a field accepts, in words: "a whole number from 1 to 1000", "one of adam | adamw | sgd". */
export function describeAllowed(spec: FieldSpec): string {
  switch (spec.kind) {
    case 'int':
    case 'number': {
      const what = spec.kind === 'int' ? 'a whole number' : 'a number';
      if (spec.min !== undefined && spec.max !== undefined) return `${what} from ${formatNumber(spec.min)} to ${formatNumber(spec.max)}`;
      return what;
    }
    case 'enum':
      return `one of ${(spec.options ?? []).join(' | ')}`;
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'text';
    case 'literal':
      return 'a fixed value';
  }
}

export function getAtPath(value: unknown, path: string): unknown {
  let node: unknown = value;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A copy of `value` with `path` set, creating missing sections; never mutates the input. */
export function setAtPath(value: unknown, path: string, leaf: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  const base = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  if (head === undefined) return { ...base };
  return { ...base, [head]: rest.length === 0 ? leaf : setAtPath(base[head], rest.join('.'), leaf) };
}

/** The closest known field path, for "did you mean" hints on typos. */
export function suggestField(path: string): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of FIELD_SPECS.keys()) {
    const distance = editDistance(path, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(path.length / 4)) ? best : null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
