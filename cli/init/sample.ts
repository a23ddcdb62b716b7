// A value that satisfies a JSON Schema as far as a sampler can tell: the document's own example
// first, then default, enum and const, then one built from the type. Bounded depth, because a
// dereferenced schema may be a cycle. Patterns are not reverse-engineered: such a value is a guess
// the user may need to fix (init says so in the file's header).
type Schema = Record<string, any>;

const MAX_DEPTH = 5;

export function sampleValue(schema: Schema | undefined, depth = 0): unknown {
  if (!schema || typeof schema !== 'object' || depth > MAX_DEPTH) return null;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(alternatives) && alternatives.length) {
    // Prefer a branch that is not null (FastAPI writes optional fields as anyOf [T, null]).
    const branch = alternatives.find((a: Schema) => a?.type !== 'null') ?? alternatives[0];
    return sampleValue(branch, depth + 1);
  }
  if (Array.isArray(schema.allOf)) return Object.assign({}, ...schema.allOf.map((s: Schema) => sampleValue(s, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type ?? (schema.properties ? 'object' : undefined)) {
    case 'object': return sampleObject(schema, depth);
    case 'array': return schema.items ? [sampleValue(schema.items, depth + 1)] : [];
    case 'integer': return Math.max(Number(schema.minimum ?? 1), 1);
    case 'number': return Number(schema.minimum ?? 1);
    case 'boolean': return true;
    case 'string': return sampleString(schema);
    default: return null;
  }
}

/** The required properties (all of them when none is marked required), each sampled. */
function sampleObject(schema: Schema, depth: number): Record<string, unknown> {
  const props: Record<string, Schema> = schema.properties ?? {};
  const required: string[] = Array.isArray(schema.required) && schema.required.length ? schema.required : Object.keys(props);
  const out: Record<string, unknown> = {};
  for (const key of required) if (props[key]) out[key] = sampleValue(props[key], depth + 1);
  return out;
}

const FORMATS: Record<string, string> = {
  email: 'user{{$n}}@example.test',
  uuid: '{{$uuid}}',
  'date-time': '2026-01-01T12:00:00Z',
  date: '2026-01-01',
  uri: 'https://example.test/',
  url: 'https://example.test/',
  ipv4: '127.0.0.1',
};

function sampleString(schema: Schema): string {
  const base = FORMATS[String(schema.format)] ?? 'text {{$seq}}';
  const min = Number(schema.minLength ?? 0);
  const max = Number(schema.maxLength ?? Infinity);
  let s = base.length < min ? base.padEnd(min, 'x') : base;
  if (s.length > max) s = 'x'.repeat(Math.max(min, Math.min(max, 1)));
  return s;
}
