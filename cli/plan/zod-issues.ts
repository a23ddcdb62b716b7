// Turns zod's issues into problems a person can act on: plain wording, the key that is wrong,
// and a hint (the closest allowed key or value, or the list of them).
import type { z } from 'zod';
import { suggest } from './did-you-mean.js';
import type { ProblemList, YamlPath } from './problems.js';

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

const TYPE_WORDS: Record<string, string> = {
  int: 'a whole number', number: 'a number', string: 'a string', boolean: 'true or false',
  array: 'a list', object: 'a mapping', record: 'a mapping',
};

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'string') return `"${input}"`;
  return String(input);
}

function unwrap(schema: AnySchema): AnySchema {
  const def = schema._zod.def as { type: string; innerType?: AnySchema };
  return (def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType ? unwrap(def.innerType) : schema;
}

/** The object schema that applies at `path` in `root` data, to list the keys it allows. */
function objectKeysAt(schema: AnySchema, path: YamlPath, data: unknown): string[] {
  const s = unwrap(schema);
  const def = s._zod.def as {
    type: string; shape?: Record<string, AnySchema>; valueType?: AnySchema; element?: AnySchema;
    options?: AnySchema[]; discriminator?: string;
  };
  if (def.type === 'union' && def.options) {
    const wanted = def.discriminator ? (data as Record<string, unknown> | null)?.[def.discriminator] : undefined;
    const option = def.options.find((o) => {
      const shape = (unwrap(o)._zod.def as { shape?: Record<string, AnySchema> }).shape;
      const disc = def.discriminator && shape?.[def.discriminator];
      return shape && (!disc || (disc._zod.def as { values?: unknown[] }).values?.includes(wanted));
    });
    return option ? objectKeysAt(option, path, data) : [];
  }
  const [head, ...rest] = path;
  if (head === undefined) return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
  const next = (data as Record<string, unknown> | null)?.[head as string];
  if (def.type === 'object' && def.shape && Object.hasOwn(def.shape, head)) return objectKeysAt(def.shape[head as string]!, rest, next);
  if (def.type === 'record' && def.valueType) return objectKeysAt(def.valueType, rest, next);
  if (def.type === 'array' && def.element) return objectKeysAt(def.element, rest, next);
  return [];
}

/** Adds one problem per zod issue (one per unknown key), worded for a scenario author. */
export function addZodIssues(list: ProblemList, issues: readonly Issue[], schema: AnySchema, data: unknown): void {
  for (const issue of issues) addIssue(list, issue, schema, data, []);
}

function addIssue(list: ProblemList, issue: Issue, schema: AnySchema, data: unknown, base: YamlPath): void {
  const path = [...base, ...(issue.path as Array<string | number>)];
  const key = path[path.length - 1];
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined && key !== undefined) {
    const want = issue.code === 'invalid_type' ? TYPE_WORDS[issue.expected] ?? issue.expected : issue.values.map(String).join(' | ');
    list.add(path, `missing required key "${String(key)}"`, `add ${String(key)}: (${want})`);
    return;
  }
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = objectKeysAt(schema, path, data);
      for (const k of issue.keys) list.add([...path, k], `unknown key "${k}"`, suggest(k, allowed, 'allowed keys'), 'key');
      return;
    }
    case 'invalid_type': {
      list.add(path, `expected ${TYPE_WORDS[issue.expected] ?? issue.expected}, got ${describe(issue.input)}`);
      return;
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      const hint = values.length === 1 ? `write ${values[0]}` : suggest(String(issue.input), values, 'one of');
      list.add(path, `${describe(issue.input)} is not allowed here`, hint);
      return;
    }
    case 'invalid_union': {
      if (issue.discriminator) {
        const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
        const given = (issue.input as Record<string, unknown> | null)?.[issue.discriminator];
        if (given === undefined) list.add(path, `missing required key "${issue.discriminator}"`, `one of: ${options.join(', ')}`);
        else list.add(path, `unknown ${issue.discriminator} ${describe(given)}`, suggest(String(given), options, 'one of'));
        return;
      }
      // Report the alternative whose type matched (e.g. a string that is not a valid duration);
      // if none did, say which types would do.
      const branches = issue.errors.filter((errs) => !errs.some((e) => e.code === 'invalid_type' && e.path.length === 0));
      if (branches.length === 1) {
        for (const e of branches[0]!) addIssue(list, e, schema, data, path);
        return;
      }
      const types = issue.errors.flatMap((errs) => errs.filter((e) => e.code === 'invalid_type').map((e) => (e as { expected: string }).expected));
      const words = [...new Set(types)].map((t) => TYPE_WORDS[t] ?? t);
      list.add(path, `expected ${words.join(' or ') || 'a different value'}, got ${describe(issue.input)}`);
      return;
    }
    case 'too_small':
    case 'too_big': {
      // Custom messages (an empty mix, a flow with no requests) already say it best.
      if (!issue.message.startsWith('Too ')) return list.add(path, issue.message);
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const cmp = issue.code === 'too_small' ? (issue.inclusive ? 'at least' : 'more than') : issue.inclusive ? 'at most' : 'less than';
      if (issue.origin === 'array') list.add(path, `needs ${cmp} ${bound} item(s)`);
      else if (issue.origin === 'string') list.add(path, `must not be empty`);
      else list.add(path, `must be ${cmp} ${bound}, got ${describe(issue.input)}`);
      return;
    }
    default:
      list.add(path, issue.message);
  }
}
