// The shape of a scenario file as written (before defaults and cross-checks). Strict objects: an
// unknown key is an error, not silently ignored. scenarios/scenario.schema.json is generated from
// this, so editors complete and check the same rules the validator enforces.
import { z } from 'zod';
import { VERSION } from '../version.js';
import { TARGET_PATTERN } from './targets.js';
import { DURATION_PATTERN } from './units.js';

/**
 * Where the scenario JSON Schema is published: the file inside the npm package of this version, as
 * unpkg serves it. It is the schema's `$id` and the `$schema` of every bundled scenario, so a copy
 * of one keeps resolving wherever it is saved (`init` may point at the installed file instead).
 */
export const SCENARIO_SCHEMA_URL = `https://unpkg.com/zimmer-bench@${VERSION}/scenarios/scenario.schema.json`;

export const NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_-]*$';
export const VARIABLE_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

const duration = z
  .union([
    z.number().min(0),
    z.string().regex(new RegExp(DURATION_PATTERN), { error: 'not a duration: write 500ms, 10s, 1m or 1m30s' }),
  ])
  .meta({ description: 'A duration: 500ms, 10s, 1m, 1m30s, or a number of milliseconds.' });

const scalar = z.union([z.string(), z.number(), z.boolean()]);
// Names are checked (with a located problem) by check-scenario.ts: a record whose key fails in zod
// skips validating its value, which would hide problems. The patterns still reach the JSON Schema.
const variableKeyed = { propertyNames: { pattern: VARIABLE_PATTERN } };
const headers = z.record(z.string(), z.union([z.string(), z.number()])).meta({ description: 'Header name -> value ({{var}} templates allowed).' });

const request = z.strictObject({
  method: z.enum(HTTP_METHODS),
  // The pattern reaches the JSON Schema only; check-scenario.ts reports it with its line.
  path: z.string().meta({ pattern: '^/', description: 'Path and query, starting with "/"; {{var}} and ${ENV} templates allowed.' }),
  headers: headers.optional(),
  body: z.unknown().optional().meta({ description: 'JSON body (content-type application/json); leaf strings may hold {{var}} and ${ENV} templates.' }),
  form: z.record(z.string(), scalar).optional()
    .meta({ description: 'Form body, sent url-encoded (application/x-www-form-urlencoded), as an OAuth2 password login wants; values may hold templates.' }),
  text: z.string().optional()
    .meta({ description: 'Raw body sent as written (templates filled in); its content-type comes from headers, else text/plain.' }),
  capture: z
    .record(z.string(), z.string())
    .meta({ ...variableKeyed, description: 'Variable name -> dotted path into the JSON response, e.g. data.items.0.id.' })
    .optional(),
  expect: z
    .strictObject({
      status: z.union([z.int().min(100).max(599), z.array(z.int().min(100).max(599)).min(1)]).optional()
        .meta({ description: 'Allowed status codes (default 200-299).' }),
      fields: z.array(z.string()).optional().meta({ description: 'Dotted paths that must be in the JSON response.' }),
    })
    .optional(),
  timeout: duration.optional().meta({ description: 'Overrides defaults.timeout for this request.' }),
});

const users = z
  .strictObject({
    pattern: z
      .object({ count: z.int().min(1) })
      .catchall(z.string())
      .meta({ description: 'count users; {{n}} in each other field becomes 1..count.' }),
    inline: z.array(z.record(z.string(), scalar).meta(variableKeyed)).min(1).meta({ description: 'One mapping of fields per user.' }),
    csv: z.string().min(1).meta({ description: 'CSV file with a header row, relative to this scenario.' }),
  })
  .partial()
  .meta({ description: 'Exactly one of pattern, inline or csv. Each field becomes a {{variable}}.' });

const flow = z.strictObject({
  weight: z.number().positive(),
  run: z.array(z.string()).min(1, { error: 'a flow must run at least one request' }),
});

const closedLoad = z.strictObject({
  model: z.literal('closed'),
  connections: z.int().min(1),
  duration,
  warmup: duration.optional(),
}).meta({ description: 'Closed model: a fixed number of connections, each sending its next request when the last returns.' });

const stage = z.strictObject({
  duration,
  rate: z.number().min(0).meta({ description: 'Flow starts per second at the start of the stage.' }),
  to: z.number().min(0).optional().meta({ description: 'Rate at the end of the stage (linear ramp); default: rate.' }),
});

const openLoad = z.strictObject({
  model: z.literal('open'),
  stages: z.array(stage).min(1, { error: 'an open model needs at least one stage' }),
  warmup: duration.optional(),
  max_connections: z.int().min(1).optional().meta({ description: 'Sockets the generator may open (default 256).' }),
  max_in_flight: z.int().min(1).optional().meta({ description: 'Requests in flight before arrivals are dropped (default 10000).' }),
}).meta({ description: 'Open model: flows arrive at a set rate whether or not earlier ones have finished.' });

const targetList = z.array(z.string().meta({ pattern: TARGET_PATTERN })).meta({ description: 'Targets such as "p95 < 200ms", "error_rate < 1%", "rps > 100".' });

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1),
    description: z.string().optional(),
    target: z.string().optional().meta({ description: 'Base URL (http or https), ${ENV} allowed; omitted = the bundled reference server.' }),
    defaults: z.strictObject({ timeout: duration.optional(), headers: headers.optional() }).optional(),
    variables: z.record(z.string(), scalar).meta(variableKeyed).optional(),
    users: users.optional(),
    setup: z.array(z.string()).optional().meta({ description: 'Requests run once per virtual user before measuring.' }),
    requests: z.record(z.string(), request).meta({ propertyNames: { pattern: NAME_PATTERN } }),
    mix: z
      .array(flow)
      .min(1, { error: 'the mix is empty: add at least one flow, or omit mix to run every request' })
      .optional()
      .meta({ description: 'Weighted flows; omitted = every request outside setup, weight 1.' }),
    load: z.discriminatedUnion('model', [closedLoad, openLoad]),
    targets: z.strictObject({ overall: targetList.optional(), endpoints: z.record(z.string(), targetList).optional() }).optional(),
  })
  .meta({ $id: SCENARIO_SCHEMA_URL, title: 'zimmer-bench scenario', description: 'A load scenario: requests, their mix, the load model and targets.' });

export type RawScenario = z.infer<typeof scenarioSchema>;
export type RawRequest = z.infer<typeof request>;
export type RawLoad = RawScenario['load'];

/** The JSON Schema text committed as scenarios/scenario.schema.json (draft-07: what YAML editors read). */
export function scenarioJsonSchemaText(): string {
  const schema = z.toJSONSchema(scenarioSchema, { target: 'draft-7', io: 'input' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
