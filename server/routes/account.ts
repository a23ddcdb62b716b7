// GET /api/me and GET|PUT /api/user/profile.
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { AppEnv } from '../http/env.js';
import { readBody } from '../http/body.js';
import { json, jsonText, unauthorized } from '../http/respond.js';
import { timed } from '../http/spans.js';
import { andThen } from '../http/maybe-async.js';
import { PROFILE_FIELDS, type ProfileRow } from '../db/users.js';
import type { RouteTable } from '../http/chain.js';

const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone').concat('UTC'));
// Text shown to other people must read as what it is: no control characters (a bio may keep
// line breaks and tabs), no bidi overrides or isolates (which reorder what follows, the
// "Trojan Source" trick), only well-formed UTF-16 (a lone surrogate is stored mangled), and a
// name must have something visible in it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const CONTROL = /[\p{Cc}]/u;
const CONTROL_BUT_LINES = /[^\P{Cc}\n\t]/u;
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
const INVISIBLE = /[\s\p{Cf}\p{Z}\u115F\u1160\u3164\uFFA0\u2800]/gu;
const text = (max: number, o: { lines?: boolean; visible?: boolean } = {}) =>
  z
    .string({ error: 'must be a string or null' })
    .max(max, { error: `must be at most ${max} characters` })
    .refine((v) => !LONE_SURROGATE.test(v), { error: 'must be well-formed Unicode (no lone surrogate)', abort: true })
    .refine((v) => !(o.lines ? CONTROL_BUT_LINES : CONTROL).test(v), { error: o.lines ? 'must not contain control characters other than line breaks and tabs' : 'must not contain control characters', abort: true })
    .refine((v) => !BIDI.test(v), { error: 'must not contain bidirectional override or isolate characters', abort: true })
    .refine((v) => !o.visible || v.replace(INVISIBLE, '') !== '', { error: 'must contain a visible character' })
    .nullable();
const httpsUrl = z
  .url({ protocol: /^https$/, error: 'must be an https:// URL' })
  .max(2048, { error: 'must be at most 2048 characters' })
  .nullable();

/** Omitted fields keep their value; null clears one; keys not listed here are rejected. */
export const ProfileBody = z.strictObject({
  display_name: text(64, { visible: true }),
  bio: text(1000, { lines: true }),
  locale: z
    .string({ error: 'must be a string or null' })
    .regex(/^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$/, { error: 'must be a BCP 47 tag such as en or pt-BR' })
    .nullable(),
  timezone: z.string({ error: 'must be a string or null' }).refine((v) => TIME_ZONES.has(v), { error: 'must be an IANA time zone such as Europe/Berlin' }).nullable(),
  avatar_url: httpsUrl,
  website: httpsUrl,
}).partial();

function present(p: ProfileRow | undefined) {
  const out: Record<string, string | null> = {};
  for (const f of PROFILE_FIELDS) out[f] = p?.[f] ?? null;
  return { ...out, updated_at: p?.updated_at ? new Date(p.updated_at).toISOString() : null };
}

export function accountRoutes(routes: RouteTable, ctx: AppContext, auth: MiddlewareHandler<AppEnv>): void {
  // Answered at once when the read is (http/maybe-async.ts): the hot path of the seven.
  routes.get('/api/me', auth, function me(c) {
    const id = c.get('auth').sub;
    return andThen(timed(c, 'db', () => ctx.data.run((repo) => repo.users.cardJson(id))), (card) => {
      if (card === undefined) throw unauthorized('invalid_token', 'The account no longer exists');
      return jsonText(c, card);
    });
  });

  routes.get('/api/user/profile', auth, async function getProfile(c) {
    const id = c.get('auth').sub;
    const profile = await timed(c, 'db', () => ctx.data.run((repo) => repo.users.profile(id)));
    return json(c, present(profile));
  });

  routes.put('/api/user/profile', auth, async function putProfile(c) {
    const body = await readBody(c, ProfileBody);
    const id = c.get('auth').sub;
    const now = ctx.clock.now();
    const saved = await timed(c, 'db', () =>
      ctx.data.run((repo) => {
        const current = repo.users.profile(id);
        const merged = {} as Omit<ProfileRow, 'updated_at'>;
        for (const f of PROFILE_FIELDS) merged[f] = body[f] !== undefined ? body[f] : (current?.[f] ?? null);
        repo.users.saveProfile(id, merged, now);
        return repo.users.profile(id);
      }),
    );
    return json(c, present(saved));
  });
}
