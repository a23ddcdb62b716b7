// The reference server's OpenAPI 3.1 document. Request bodies are the zod schemas the routes
// validate with (exported beside each route), turned into JSON Schema by zod itself, so the
// document cannot promise a body the server would refuse. Answers are described here: the routes
// build them as plain objects, and these shapes are what they return.
import { z } from 'zod';
import { ProfileBody } from '../routes/account.js';
import { VerifyBody } from '../routes/email-verify.js';
import { LoginBody } from '../routes/login.js';
import { LogoutBody, RefreshBody } from '../routes/session.js';
import { ConfirmBody, DisableBody, EnrollBody } from '../routes/twofa.js';

type Json = Record<string, unknown>;

/** Request shapes as the client writes them (`io: 'input'`): what a caller may send. */
const schema = (s: z.ZodType): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
};

const tokens = z.object({
  access_token: z.string(), refresh_token: z.string(), token_type: z.literal('Bearer'), expires_in: z.int(),
});
const error = z.object({ error: z.string(), message: z.string(), fields: z.record(z.string(), z.string()).optional() });
const nullable = z.string().nullable();
const profile = z.object({
  display_name: nullable, bio: nullable, locale: nullable, timezone: nullable, avatar_url: nullable, website: nullable,
  updated_at: nullable,
});
const me = z.object({ id: z.int(), email: z.email(), email_verified: z.boolean(), twofa_enabled: z.boolean(), created_at: z.string() });
const twofa = z.object({ enabled: z.boolean(), method: z.enum(['totp']).nullable() });
const twofaEnabled = twofa.extend({ recovery_codes: z.array(z.string()).describe('Single-use recovery codes, shown this once') });

const jsonContent = (s: z.ZodType, example?: unknown) => ({ 'application/json': { schema: schema(s), ...(example ? { example } : {}) } });
const answer = (description: string, s?: z.ZodType) => ({ description, ...(s ? { content: jsonContent(s) } : {}) });
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), answer(ERROR_TEXT[c] ?? 'Error', error)]));
const ERROR_TEXT: Record<number, string> = {
  400: 'The body is not valid (each bad field named in `fields`)',
  401: 'Missing, invalid or revoked credentials',
  413: 'Body too large',
  429: 'Too many requests: wait for Retry-After seconds',
  503: 'Overloaded: retry after Retry-After seconds',
};

interface Op { method: 'get' | 'post' | 'put'; path: string; id: string; summary: string; secured: boolean; body?: z.ZodType; example?: unknown; ok: Json }

const OPERATIONS: Op[] = [
  { method: 'post', path: '/api/auth/login', id: 'login', summary: 'Sign in with email and password; returns an access and a refresh token', secured: false,
    body: LoginBody, example: { email: 'user1@zimmer.test', password: 'zimmer-bench-password' },
    ok: { 200: answer('Signed in', tokens), ...errors(400, 401, 429, 503) } },
  { method: 'post', path: '/api/auth/refresh', id: 'refresh', summary: 'Trade a refresh token for new tokens (the old one is used up)', secured: false,
    body: RefreshBody, ok: { 200: answer('New tokens', tokens), ...errors(400, 401) } },
  { method: 'post', path: '/api/auth/logout', id: 'logout', summary: 'Sign out the session of the access token (and, optionally, a refresh token)', secured: true,
    body: LogoutBody, ok: { 204: answer('Signed out'), ...errors(400, 401) } },
  { method: 'get', path: '/api/auth/2fa/status', id: 'twofa_status', summary: 'Whether two-factor sign-in is on', secured: true,
    ok: { 200: answer('Status', twofa), ...errors(401) } },
  { method: 'post', path: '/api/auth/2fa/enroll', id: 'twofa_enroll', summary: 'Start two-factor enrolment (needs the password): a new TOTP secret', secured: true,
    body: EnrollBody, ok: { 200: answer('Secret and otpauth URL', z.object({ secret: z.string(), otpauth_url: z.string() })), ...errors(400, 401) } },
  { method: 'post', path: '/api/auth/2fa/disable', id: 'twofa_disable', summary: 'Turn two-factor sign-in off (needs the password and a current code or a recovery code)', secured: true,
    body: DisableBody, ok: { 200: answer('Disabled', twofa), ...errors(400, 401) } },
  { method: 'post', path: '/api/auth/2fa/confirm', id: 'twofa_confirm', summary: 'Turn two-factor sign-in on with a current code', secured: true,
    body: ConfirmBody, ok: { 200: answer('Enabled, with the recovery codes', twofaEnabled), ...errors(400, 401) } },
  { method: 'post', path: '/api/auth/request-email-verify', id: 'email_verify', summary: 'Send an email-verification link', secured: true,
    ok: { 202: answer('Queued', z.object({ status: z.literal('queued') })), ...errors(401, 429) } },
  { method: 'post', path: '/api/auth/verify-email', id: 'verify_email', summary: 'Confirm an email address with the token from the link', secured: false,
    body: VerifyBody, ok: { 200: answer('Verified', z.object({ email_verified: z.literal(true) })), ...errors(400) } },
  { method: 'get', path: '/api/me', id: 'me', summary: 'The signed-in account', secured: true, ok: { 200: answer('Account', me), ...errors(401) } },
  { method: 'get', path: '/api/user/profile', id: 'profile_get', summary: 'The profile', secured: true, ok: { 200: answer('Profile', profile), ...errors(401) } },
  { method: 'put', path: '/api/user/profile', id: 'profile_put', summary: 'Change profile fields (omitted keep their value, null clears)', secured: true,
    body: ProfileBody, example: { display_name: 'Ada', locale: 'en-GB', timezone: 'Europe/Berlin' },
    ok: { 200: answer('Saved profile', profile), ...errors(400, 401) } },
  { method: 'get', path: '/health', id: 'health', summary: 'Liveness', secured: false, ok: { 200: answer('Alive', z.object({ status: z.literal('ok'), uptime_s: z.int() })) } },
  { method: 'get', path: '/ready', id: 'ready', summary: 'Readiness (the database answers)', secured: false,
    ok: { 200: answer('Ready', z.object({ status: z.literal('ready') })), 503: answer('Not ready', error) } },
];

/** The document served at `/openapi.json`. */
export function openApiDocument(version: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const op of OPERATIONS) {
    (paths[op.path] ??= {})[op.method] = {
      operationId: op.id,
      summary: op.summary,
      ...(op.secured ? { security: [{ bearerAuth: [] }] } : {}),
      ...(op.body ? { requestBody: { required: op.id !== 'logout', content: jsonContent(op.body, op.example) } } : {}),
      responses: op.ok,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'zimmer-bench reference server', version },
    paths,
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
  };
}
