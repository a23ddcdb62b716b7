// A ready scenario from an API document: one request per operation (or those chosen), bodies from
// its examples or made up from its schemas, path parameters as variables, the documented success
// statuses, the sign-in its security schemes imply in setup, and a phase's load and targets.
import { readFileSync } from 'node:fs';
import { Document, isPair, isScalar, isSeq, parse as parseYaml, visit } from 'yaml';
import { UsageError } from '../core/errors.js';
import { bundledScenarioPath } from '../plan/bundled.js';
import { PASSWORD_RE, planAuth, tokenCaptures, type AuthPlan } from './auth.js';
import { requestNames } from './names.js';
import { operationsOf, type Operation } from './operations.js';
import type { ReadDocument } from './read-openapi.js';
import { sampleValue } from './sample.js';

export interface FromOpenApiOptions {
  /** What `--from-openapi` was given, for the header. */
  source: string;
  /** Operation ids (or `METHOD /path`) to keep; all when empty. */
  only: string[];
  phase: string;
  target?: string;
  /** What the `$schema` line points at. */
  schemaRef: string;
}

const LOGOUT_RE = /log-?out|sign-?out|revoke/i;
/** A one-time code (an authenticator's, a mailed one): no value init could write would be right. */
const CODE_RE = /^(code|otp|totp|(mfa|recovery|backup|one_?time|verification)_?code)$/i;
const TOKEN_FIELD_RE = /(^|_)token$|Token$/;
type Req = Record<string, unknown>;

export function scenarioFromOpenApi(read: ReadDocument, o: FromOpenApiOptions): { yaml: string; requests: number; env: string[] } {
  const { doc } = read;
  const ops = operationsOf(doc);
  const auth = planAuth(doc, ops);
  const notes: string[] = [...auth.notes];
  const given = requestNames(ops);
  const nameByOp = new Map(ops.map((op, i) => [op, given[i]!]));
  const chosen = choose(ops, o.only, nameByOp);
  const names = new Set(given);
  const nameOf = (op: Operation | null, fallback: string) => (op ? nameByOp.get(op)! : unique(names, fallback));
  const requests: Record<string, Req> = {};
  const variables: Record<string, unknown> = {};
  const flows: Array<{ weight: number; run: string[] }> = [];
  const session: string[] = [];
  const logouts: string[] = [];

  let login: string | null = null;
  if (auth.login) {
    login = nameOf(auth.login.op, 'login');
    requests[login] = {
      method: 'POST', path: auth.login.path,
      [auth.login.body.kind]: auth.login.body.value,
      capture: auth.login.capture,
      expect: { status: auth.login.op?.statuses.length ? auth.login.op.statuses : [200], fields: [auth.login.token] },
    };
  }
  const tokens = new Set(Object.keys(auth.login?.capture ?? {}));
  for (const op of chosen) {
    if (auth.login?.op === op) continue;
    if (op.unsupportedBody) { notes.push(`left out ${op.method} ${op.path}: its body is ${op.unsupportedBody}`); continue; }
    if (op.security.length && !op.security.some((s) => auth.schemes.includes(s))) {
      notes.push(`left out ${op.method} ${op.path}: it needs ${op.security.join(' or ')}, which init cannot sign in to`);
      continue;
    }
    const unknowable = unknowableField(op, tokens);
    if (unknowable) { notes.push(`left out ${op.method} ${op.path}: it needs ${unknowable}, which init cannot know`); continue; }
    const name = nameOf(op, `${op.method.toLowerCase()}_${op.path}`);
    const { request, usesToken } = buildRequest(op, auth, tokens, variables);
    requests[name] = request;
    if (LOGOUT_RE.test(`${op.id} ${op.path}`)) logouts.push(name);
    else if (usesToken) session.push(name);
    else flows.push({ weight: op.method === 'GET' ? 10 : 3, run: [name] });
  }
  // A flow that signs in afresh: refresh and logout use up their own session, never the setup one.
  // Its tokens have names of their own: were its sign-in to fail (shed under load), a `{{token}}`
  // of the setup's would otherwise stand in, and its logout would sign the setup session out.
  const own = [...session, ...logouts];
  if (login && own.length && auth.login) {
    const fresh = unique(names, `${login}_fresh`);
    requests[fresh] = { ...requests[login], capture: renameCaptures(auth.login.capture) };
    for (const name of own) requests[name] = freshTokens(requests[name]!, tokens);
    flows.push({ weight: 1, run: [fresh, ...own] });
    notes.push(`refresh and sign-out run after a sign-in of their own (${fresh}), with its tokens (${[...tokens].map(freshName).join(', ')})`);
  } else if (login) flows.push({ weight: 1, run: [login] });
  else for (const l of own) flows.push({ weight: 1, run: [l] });
  if (!flows.length) throw new UsageError(`--from-openapi ${o.source}: no operation left to measure${notes.length ? ` (${notes.join('; ')})` : ''}`);

  const phase = phaseOf(o.phase);
  const scenario = {
    name: slug(String(doc.info?.title ?? 'api')),
    description: `${doc.info?.title ?? 'API'} ${doc.info?.version ?? ''}`.trim() + `, from its OpenAPI document; ${o.phase} targets`,
    target: o.target ?? targetOf(read, o.source),
    defaults: { timeout: '10s', headers: { accept: 'application/json' } },
    ...(Object.keys(variables).length ? { variables } : {}),
    ...(login ? { setup: [login] } : {}),
    requests,
    mix: flows,
    load: phase.load,
    targets: phase.targets,
  };
  const out = new Document(scenario);
  // Short lists and small mappings on one line, as a person would write them.
  visit(out, {
    Seq(_key, node) { if (node.items.every(isScalar)) node.flow = true; },
    Map(_key, node, path) {
      const parent = path[path.length - 1];
      const key = isPair(parent) && isScalar(parent.key) ? String(parent.key.value) : '';
      if (['expect', 'capture', 'headers', 'form', 'variables'].includes(key) || (isSeq(parent) && node.items.length <= 2)) node.flow = true;
    },
  });
  out.commentBefore = header(o, doc, auth, notes).map((l) => ` ${l}`).join('\n');
  return { yaml: `# yaml-language-server: $schema=${o.schemaRef}\n${out.toString({ lineWidth: 0, flowCollectionPadding: false })}`, requests: Object.keys(requests).length, env: auth.env.map((e) => e.name) };
}

function buildRequest(op: Operation, auth: AuthPlan, tokens: Set<string>, variables: Record<string, unknown>): { request: Req; usesToken: boolean } {
  let path = op.path.replace(/\{([^}]+)\}/g, (_m, p: string) => `{{${varName(p)}}}`);
  const headers: Record<string, string> = {};
  const query: string[] = [];
  for (const p of op.params) {
    if (!p.required && p.in !== 'path') continue;
    const v = varName(p.name);
    if (p.in === 'header') { headers[p.name.toLowerCase()] = String(sampleValue(p.schema) ?? 'x'); continue; }
    variables[v] ??= scalar(sampleValue(p.schema) ?? 1);
    if (p.in === 'query') query.push(`${encodeURIComponent(p.name)}={{${v}}}`);
  }
  const secured = op.security.length > 0;
  if (secured && auth.query) query.push(`${encodeURIComponent(auth.query.name)}=${auth.query.value}`);
  if (query.length) path += `${path.includes('?') ? '&' : '?'}${query.join('&')}`;
  if (secured && auth.header) headers[auth.header.name] = auth.header.value;
  const request: Req = { method: op.method, path };
  if (Object.keys(headers).length) request.headers = headers;
  let usesToken = false;
  if (op.body) {
    let value = op.body.example ?? sampleValue(op.body.schema);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      // A field named like a token the sign-in captured (refresh_token) gets that token.
      value = Object.fromEntries(Object.entries(value).map(([k, v]) => {
        // The signed-in account's own password (re-entered to change a setting): a made-up one
        // would be a wrong password each time, and a server that locks accounts locks this one.
        if (PASSWORD_RE.test(k) && auth.env.some((e) => e.name === 'ZB_PASSWORD')) return [k, '${ZB_PASSWORD}'];
        if (!tokens.has(k)) return [k, v];
        usesToken = true;
        return [k, `{{${k}}}`];
      }));
    }
    if (op.body.kind === 'form') request.form = Object.fromEntries(Object.entries(value && typeof value === 'object' ? value : {}).map(([k, v]) => [k, scalar(v)]));
    else if (op.body.kind === 'text') { request.text = typeof value === 'string' ? value : JSON.stringify(value ?? ''); headers['content-type'] = op.body.contentType; request.headers = headers; }
    else request.body = value ?? {};
  }
  // A rotating refresh answers with new tokens: the flow carries on with them.
  const rotated = usesToken ? tokenCaptures(op.answer) : {};
  if (Object.keys(rotated).length) request.capture = rotated;
  const status = [...op.statuses, ...(op.documents429 ? [429] : [])];
  if (status.length) request.expect = { status };
  return { request, usesToken };
}

/** --only names an operation by its operationId, `METHOD /path`, or the request name init gives it. */
const freshName = (token: string): string => `fresh_${token}`;
const renameCaptures = (capture: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(capture).map(([v, path]) => [freshName(v), path]));

/** The request with every `{{token}}` of the sign-in read from, and captured into, the fresh names. */
function freshTokens(request: Req, tokens: Set<string>): Req {
  const swap = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(/\{\{(\w+)\}\}/g, (m, name: string) => (tokens.has(name) ? `{{${freshName(name)}}}` : m));
    if (Array.isArray(v)) return v.map(swap);
    return v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)])) : v;
  };
  const out = swap(request) as Req;
  if (request.capture) out.capture = renameCaptures(request.capture as Record<string, string>);
  return out;
}

/**
 * A body field no request can fill in: a one-time code, or a required token the sign-in does not
 * hand out (one sent by mail). Every request would fail, and fail the same way: left out, said why.
 */
function unknowableField(op: Operation, tokens: Set<string>): string | null {
  const schema = op.body?.schema ?? {};
  const required: string[] = Array.isArray(schema.required) ? schema.required : [];
  // A code even when optional: "code or recovery_code" cannot say which one it needs in a schema.
  const code = Object.keys(schema.properties ?? {}).find((k) => CODE_RE.test(k));
  if (code) return `a one-time code (${code})`;
  const token = required.find((k) => TOKEN_FIELD_RE.test(k) && !tokens.has(k));
  return token ? `a token the sign-in does not give (${token}, sent by mail or made elsewhere)` : null;
}

function choose(ops: Operation[], only: string[], nameByOp: Map<Operation, string>): Operation[] {
  if (!only.length) return ops;
  const key = (op: Operation) => [op.id.toLowerCase(), `${op.method} ${op.path}`.toLowerCase(), nameByOp.get(op)!.toLowerCase()];
  const unknown = only.filter((w) => !ops.some((op) => key(op).includes(w.trim().toLowerCase())));
  if (unknown.length) {
    throw new UsageError(`--only: no operation ${unknown.map((u) => `"${u}"`).join(', ')} in the document; operations: ${ops.map((op) => nameByOp.get(op)).join(', ')}`);
  }
  return ops.filter((op) => only.some((w) => key(op).includes(w.trim().toLowerCase())));
}

/** The phase's load and targets, read from its bundled scenario: one place holds each phase's numbers. */
function phaseOf(phase: string): { load: unknown; targets: unknown } {
  const raw = parseYaml(readFileSync(bundledScenarioPath(phase), 'utf8')) as { load: unknown; targets?: { overall?: string[]; endpoints?: Record<string, string[]> } };
  const every = raw.targets?.endpoints?.['*'];
  return { load: raw.load, targets: { ...(raw.targets?.overall ? { overall: raw.targets.overall } : {}), ...(every ? { endpoints: { '*': every } } : {}) } };
}

function targetOf(read: ReadDocument, source: string): string {
  const { doc, url } = read;
  const server = doc.servers?.[0]?.url as string | undefined;
  const v2 = doc.host ? `${doc.schemes?.[0] ?? 'http'}://${doc.host}${doc.basePath ?? ''}` : undefined;
  const base = server ?? v2 ?? (url ? '/' : undefined);
  if (base === undefined || (!url && !/^https?:\/\//.test(base))) {
    throw new UsageError(`--from-openapi ${source}: the document names no server URL: give one with --target http://host:port`);
  }
  const resolved = url ? new URL(base.replace(/\{[^}]+\}/g, ''), url) : new URL(base);
  return `${resolved.origin}${resolved.pathname.replace(/\/+$/, '')}`;
}

function header(o: FromOpenApiOptions, doc: Record<string, any>, auth: AuthPlan, notes: string[]): string[] {
  const pad = Math.max(0, ...auth.env.map((e) => e.name.length));
  return [
    `Written by zimmer-bench init --from-openapi ${o.source}`,
    `from "${doc.info?.title ?? 'API'}" ${doc.info?.version ?? ''} (${doc.openapi ? `OpenAPI ${doc.openapi}` : `Swagger ${doc.swagger}`}).`,
    ...(auth.env.length ? ['', 'Before running, give these values (environment, --env-file FILE, or --var NAME=value):',
      ...auth.env.map((e) => `  ${e.name.padEnd(pad)}  ${e.meaning}`)] : []),
    '',
    ...notes,
    'Bodies are the document\'s examples, else values made up from its schemas: check them, since',
    'a rule a schema cannot state (an id that must exist, a pattern) is not known here.',
    'Statuses expected are the documented 2xx (and 429 where documented: the API may throttle).',
    `Load and targets: ${o.phase} of the action plan. Check it: zimmer-bench validate FILE`,
  ];
}

function unique(names: Set<string>, wanted: string): string {
  const base = wanted.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').replace(/^(?=[0-9-])/, 'op_') || 'op';
  let name = base;
  for (let n = 2; names.has(name); n++) name = `${base}_${n}`;
  names.add(name);
  return name;
}

const varName = (p: string) => p.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=\d)/, '_');
const slug = (t: string) => t.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'api';
const scalar = (v: unknown): string | number | boolean => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v));
