import { validate } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { makeApp, type TestApp } from './helpers.js';

let t: TestApp;
beforeEach(async () => { t = await makeApp(); });
afterEach(() => t.close());

type Doc = { paths: Record<string, Record<string, any>> };

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document describing every API route the app serves', async () => {
    const res = await t.req('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Doc & { openapi: string };
    expect(doc.openapi).toBe('3.1.0');
    const checked = await validate(structuredClone(doc) as never);
    expect(checked.valid, JSON.stringify(checked)).toBe(true);
    const served = createApp(t.ctx).routes
      .filter((r) => r.method !== 'ALL' && r.path !== '/openapi.json' && r.path !== '/metrics')
      .map((r) => `${r.method} ${r.path}`);
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(new Set(documented)).toEqual(new Set(served));
  });

  it('promises exactly the bodies the routes accept: the documented example passes, a body the schema refuses is a 400', async () => {
    const doc = (await (await t.req('GET', '/openapi.json')).json()) as Doc;
    const ajv = new Ajv2020({ strict: false });
    const media = (path: string, method: string) => doc.paths[path]![method].requestBody.content['application/json'];
    const login = media('/api/auth/login', 'post');
    expect(ajv.validate(login.schema, login.example)).toBe(true);
    expect((await t.req('POST', '/api/auth/login', { body: login.example })).status).toBe(200);
    const extra = { ...login.example, admin: true };
    expect(ajv.validate(login.schema, extra)).toBe(false);
    expect((await t.req('POST', '/api/auth/login', { body: extra })).status).toBe(400);
    const { access_token } = await t.login(1);
    const profile = media('/api/user/profile', 'put');
    expect(ajv.validate(profile.schema, profile.example)).toBe(true);
    expect((await t.req('PUT', '/api/user/profile', { body: profile.example, token: access_token })).status).toBe(200);
    expect(ajv.validate(profile.schema, { bio: 7 })).toBe(false);
    expect((await t.req('PUT', '/api/user/profile', { body: { bio: 7 }, token: access_token })).status).toBe(400);
  });
});
