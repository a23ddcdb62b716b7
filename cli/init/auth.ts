// The sign-in a document implies, from its security schemes: an OAuth2 password flow (a form
// POST to its tokenUrl), a bearer token from a login operation (one that takes a password and
// answers with a token), or an API key. Credentials init cannot know are `${ZB_...}` references.
import { sampleValue } from './sample.js';
import type { Operation } from './operations.js';
import type { ApiDocument } from './read-openapi.js';

type Schema = Record<string, any>;

export interface LoginPlan {
  /** The operation it is, when the document lists it (FastAPI lists its /token). */
  op: Operation | null;
  path: string;
  body: { kind: 'body' | 'form'; value: Record<string, unknown> };
  /** Variable -> field of the answer: every token the answer holds. */
  capture: Record<string, string>;
  /** The variable holding the access token. */
  token: string;
}

export interface AuthPlan {
  login: LoginPlan | null;
  /** What secured operations send: a header (or a query parameter). */
  header: { name: string; value: string } | null;
  query: { name: string; value: string } | null;
  /** Schemes this plan satisfies; an operation needing only others is left out. */
  schemes: string[];
  /** `${NAME}`s the file reads, each with what to put in it. */
  env: Array<{ name: string; meaning: string }>;
  notes: string[];
}

const USER_RE = /^(user(name)?|email|e-?mail|login|account|user_?id)$/i;
export const PASSWORD_RE = /^(current_?)?(pass(word)?|pwd|secret)$/i;
const TOKEN_RE = /^(access_?token|accessToken|token|id_?token|jwt)$/;
const USER = { name: 'ZB_USERNAME', meaning: 'the account to sign in with' };
const PASSWORD = { name: 'ZB_PASSWORD', meaning: 'its password' };

export function planAuth(doc: ApiDocument, ops: Operation[]): AuthPlan {
  const schemes: Record<string, Schema> = doc.components?.securitySchemes ?? doc.securityDefinitions ?? {};
  const none: AuthPlan = { login: null, header: null, query: null, schemes: [], env: [], notes: [] };
  const entries = Object.entries(schemes);
  const oauth = entries.find(([, s]) => s.type === 'oauth2' && (s.flows?.password?.tokenUrl || (s.flow === 'password' && s.tokenUrl)));
  if (oauth) {
    const [name, s] = oauth;
    const tokenUrl = String(s.flows?.password?.tokenUrl ?? s.tokenUrl);
    const path = tokenPath(tokenUrl);
    const op = ops.find((o) => o.method === 'POST' && o.path === path) ?? null;
    const extra = op?.body?.kind === 'form' ? requiredExtras(op.body.schema) : {};
    return {
      ...none,
      login: {
        op, path,
        // RFC 6749 4.3: grant_type=password with username and password, form-encoded.
        body: { kind: 'form', value: { ...extra, grant_type: 'password', username: '${ZB_USERNAME}', password: '${ZB_PASSWORD}' } },
        capture: { access_token: 'access_token' },
        token: 'access_token',
      },
      header: { name: 'authorization', value: 'Bearer {{access_token}}' },
      schemes: [name, ...bearerSchemes(entries)],
      env: [USER, PASSWORD],
      notes: [`sign-in: OAuth2 password flow "${name}", a form POST to ${path}`],
    };
  }
  const bearer = bearerSchemes(entries);
  if (bearer.length) {
    const login = findLogin(ops);
    if (!login) {
      return { ...none, header: { name: 'authorization', value: 'Bearer ${ZB_TOKEN}' }, schemes: bearer, env: [{ name: 'ZB_TOKEN', meaning: 'a bearer token' }],
        notes: ['sign-in: bearer token, but no login operation found in the document: the token is read from ${ZB_TOKEN}'] };
    }
    return { ...none, login, header: { name: 'authorization', value: `Bearer {{${login.token}}}` }, schemes: bearer, env: [USER, PASSWORD],
      notes: [`sign-in: bearer token from ${login.op?.method} ${login.path} (takes a password, answers with ${login.token})`] };
  }
  const key = entries.find(([, s]) => s.type === 'apiKey' && (s.in === 'header' || s.in === 'query'));
  if (key) {
    const [name, s] = key;
    const value = '${ZB_API_KEY}';
    return { ...none, ...(s.in === 'header' ? { header: { name: String(s.name).toLowerCase(), value } } : { query: { name: String(s.name), value } }),
      schemes: [name], env: [{ name: 'ZB_API_KEY', meaning: `the API key (${s.in} ${s.name})` }], notes: [`sign-in: API key "${name}" in ${s.in} ${s.name}`] };
  }
  const unknown = entries.map(([n, s]) => `${n} (${s.type}${s.scheme ? ` ${s.scheme}` : ''})`);
  return { ...none, notes: unknown.length ? [`security schemes not handled (operations needing them are left out): ${unknown.join(', ')}`] : [] };
}

function bearerSchemes(entries: Array<[string, Schema]>): string[] {
  return entries.filter(([, s]) => (s.type === 'http' && String(s.scheme).toLowerCase() === 'bearer') || (s.type === 'oauth2' && !s.flows?.password)).map(([n]) => n);
}

/** tokenUrl is relative to the server ("token" in FastAPI's tutorial) or absolute. */
function tokenPath(tokenUrl: string): string {
  try { return new URL(tokenUrl).pathname; } catch { return `/${tokenUrl.replace(/^\/+/, '')}`; }
}

/** A POST needing no credentials that takes a username and a password and answers with a token. */
function findLogin(ops: Operation[]): LoginPlan | null {
  for (const op of ops) {
    if (op.method !== 'POST' || op.security.length || !op.body || op.body.kind === 'text') continue;
    const props: Record<string, Schema> = op.body.schema.properties ?? {};
    const password = Object.keys(props).find((k) => PASSWORD_RE.test(k));
    const user = Object.keys(props).find((k) => USER_RE.test(k));
    const answer: Record<string, Schema> = op.answer?.properties ?? {};
    const token = Object.keys(answer).find((k) => TOKEN_RE.test(k));
    if (!password || !user || !token) continue;
    const capture = tokenCaptures(op.answer);
    const value = { ...requiredExtras(op.body.schema, [user, password]), [user]: '${ZB_USERNAME}', [password]: '${ZB_PASSWORD}' };
    return { op, path: op.path, body: { kind: op.body.kind, value }, capture, token };
  }
  return null;
}

/** Required fields other than the credentials, sampled (an OAuth2 form may require a client_id). */
function requiredExtras(schema: Schema, skip: string[] = ['username', 'password', 'grant_type']): Record<string, unknown> {
  const required: string[] = schema.required ?? [];
  const props: Record<string, Schema> = schema.properties ?? {};
  return Object.fromEntries(required.filter((k) => !skip.includes(k) && props[k]).map((k) => [k, sampleValue(props[k])]));
}

/** Every token an answer holds (access_token, refresh_token, id_token, token, accessToken), captured under its own name. */
export function tokenCaptures(answer: Schema | null): Record<string, string> {
  return Object.fromEntries(Object.keys(answer?.properties ?? {}).filter((k) => /(^|_)token$|Token$/.test(k)).map((k) => [k, k]));
}
