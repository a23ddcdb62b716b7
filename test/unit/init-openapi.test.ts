import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openApiDocument } from '../../server/openapi/document.js';
import { scenarioFromOpenApi } from '../../cli/init/from-openapi.js';
import { readOpenApi } from '../../cli/init/read-openapi.js';
import { sampleValue } from '../../cli/init/sample.js';
import { requestNames } from '../../cli/init/names.js';
import type { Operation } from '../../cli/init/operations.js';
import { parseScenario } from '../../cli/plan/load-scenario.js';
import { ROOT } from '../e2e/cli-harness.js';

const fixture = (name: string) => join(ROOT, 'test', 'fixtures', 'openapi', name);
const options = { only: [], phase: 'phase1', schemaRef: 'x.json' };

describe('init --from-openapi', () => {
  it('FastAPI with OAuth2 password: a form login to /token in setup, the token reused, credentials from ${ZB_...}', async () => {
    const read = await readOpenApi(fixture('fastapi-oauth2.json'));
    const built = scenarioFromOpenApi(read, { ...options, source: 'api.json', target: 'http://127.0.0.1:8000' });
    expect(built.env).toEqual(['ZB_USERNAME', 'ZB_PASSWORD']);
    expect(built.yaml).toMatch(/^# yaml-language-server: \$schema=x\.json\n/);
    expect(built.yaml).toMatch(/#\s+ZB_USERNAME\s+the account to sign in with\n#\s+ZB_PASSWORD\s+its password/);
    expect(built.yaml).toMatch(/left out POST \/upload: its body is multipart\/form-data/);
    const s = parseScenario(built.yaml, 'api.yaml', { env: { ZB_USERNAME: 'u', ZB_PASSWORD: 'p' } });
    expect(s.target).toBe('http://127.0.0.1:8000');
    expect(s.setup).toEqual(['post_token']);
    const login = s.requests.post_token!;
    expect(login).toMatchObject({ method: 'POST', path: '/token', capture: { access_token: 'access_token' } });
    expect(login.form).toEqual({ grant_type: 'password', username: '${ZB_USERNAME}', password: '${ZB_PASSWORD}' });
    expect(login.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const item = s.requests.get_item_id!;
    expect(item.path).toBe('/items/{{item_id}}');
    expect(item.headers.authorization).toBe('Bearer {{access_token}}');
    expect(s.variables).toEqual({ item_id: '1' });
    expect(s.requests.put_item_id!.body).toEqual({ name: 'text {{$seq}}', price: 1 });
    expect(s.requests.get_me!.expect.status).toEqual([200]);
    // phase 1's targets, read from the bundled scenario.
    expect(s.targets.filter((t) => t.endpoint === null).map((t) => t.source)).toEqual(['p95 < 1s', 'error_rate < 10%']);
    expect(s.load).toMatchObject({ model: 'closed', connections: 10 });
  });

  it('Swagger 2 with an API key: the key from ${ZB_API_KEY}, target from host and basePath, --only keeps what is asked', async () => {
    const read = await readOpenApi(fixture('petstore-swagger2.yaml'));
    const built = scenarioFromOpenApi(read, { ...options, source: 'pets.yaml', only: ['listPets', 'GET /pets/{petId}'], phase: 'phase3' });
    const s = parseScenario(built.yaml, 'pets.yaml', { env: { ZB_API_KEY: 'k' } });
    expect(s.target).toBe('http://127.0.0.1:9999/v1');
    expect(Object.keys(s.requests)).toEqual(['listPets', 'showPetById']);
    expect(s.requests.listPets!.path).toBe('/pets?limit={{limit}}');
    expect(s.requests.showPetById!.headers['x-api-key']).toBe('${ZB_API_KEY}');
    expect(s.load.model).toBe('open');
    expect(() => scenarioFromOpenApi(read, { ...options, source: 'pets.yaml', only: ['nope'] })).toThrow(/--only: no operation "nope" in the document; operations: listPets, createPet, showPetById/);
    const raw = parse(built.yaml) as { requests: Record<string, unknown> };
    expect(raw.requests).not.toHaveProperty('createPet');
  });

  it('refuses what is not an API document, and a file with no server and no --target', async () => {
    await expect(readOpenApi(fixture('../../../package.json'))).rejects.toThrow(/not an OpenAPI 3.x or Swagger 2.0 document/);
    await expect(readOpenApi(fixture('missing.json'))).rejects.toThrow(/cannot read it \(ENOENT\)/);
    const read = await readOpenApi(fixture('fastapi-oauth2.json'));
    expect(() => scenarioFromOpenApi(read, { ...options, source: 'api.json' })).toThrow(/names no server URL: give one with --target/);
  });

  it('samples bodies from schemas: examples first, null-free branches, bounded on cycles', () => {
    expect(sampleValue({ type: 'string', example: 'Ada' })).toBe('Ada');
    expect(sampleValue({ anyOf: [{ type: 'null' }, { type: 'integer', minimum: 5 }] })).toBe(5);
    expect(sampleValue({ type: 'string', format: 'email' })).toBe('user{{$n}}@example.test');
    const cyclic: Record<string, any> = { type: 'object', required: ['next'], properties: {} };
    cyclic.properties.next = cyclic;
    expect(JSON.stringify(sampleValue(cyclic))).toMatch(/null/);
  });

  it('names requests readably: a chosen operationId kept, a generated one as method and last path segments, kept apart', () => {
    const op = (method: string, path: string, operationId: string | null = null) => ({ method, path, operationId, id: operationId ?? `${method} ${path}` }) as Operation;
    expect(requestNames([
      op('GET', '/items/{item_id}', 'read_item_items__item_id__get'),
      op('GET', '/items/', 'read_items_items__get'),
      op('POST', '/token', 'login_for_access_token_token_post'),
      op('GET', '/pets', 'listPets'),
      op('GET', '/api/v1/users/{id}'),
      op('GET', '/api/v2/users/{id}'),
      op('GET', '/users/me/', 'read_users_me_users_me__get'),
      op('GET', '/me', 'get_me'),
      op('GET', '/', 'root__get'),
      op('DELETE', '/{id}'),
      op('DELETE', '/x/{id}', 'a_generated_operation_id_far_too_long_to_read'),
      op('GET', '/2fa'),
      op('POST', '/upload', 'upload_upload_post'),
      op('GET', '/api/user/profile', 'profile_get'),
    ])).toEqual([
      'get_item_id', 'get_items', 'post_token', 'listPets', 'get_v1_users_id', 'get_v2_users_id', 'get_users_me', 'get_me',
      'get', 'delete_id', 'delete_x_id', 'get_2fa', 'post_upload', 'profile_get',
    ]);
    // Nothing left to tell apart by: a suffix; a name taken already (reserved): a suffix too.
    expect(requestNames([op('GET', '/a'), op('GET', '/a')], ['get_a'])).toEqual(['get_a_2', 'get_a_3']);
  });

  it('--only takes the short name too, and its error lists the names a scenario would use', async () => {
    const read = await readOpenApi(fixture('fastapi-oauth2.json'));
    const built = scenarioFromOpenApi(read, { ...options, source: 'api.json', target: 'http://127.0.0.1:8000', only: ['get_me'] });
    expect(Object.keys((parse(built.yaml) as { requests: object }).requests)).toEqual(['post_token', 'get_me']);
    expect(() => scenarioFromOpenApi(read, { ...options, source: 'api.json', target: 'http://127.0.0.1:8000', only: ['x'] }))
      .toThrow(/operations: post_token, get_me, get_item_id, put_item_id, post_upload$/);
  });

  it('the reference server\'s own document: its password re-entered from ${ZB_PASSWORD}, code and mailed-token operations left out, refresh and logout on tokens of their own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zb-openapi-'));
    try {
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(openApiDocument('0.1.0')));
      const read = await readOpenApi(join(dir, 'openapi.json'));
      const built = scenarioFromOpenApi(read, { ...options, source: 'openapi.json', target: 'http://127.0.0.1:8000' });
      expect(built.yaml).toContain('# left out POST /api/auth/2fa/confirm: it needs a one-time code (code), which init cannot know');
      expect(built.yaml).toContain('# left out POST /api/auth/2fa/disable: it needs a one-time code (code)');
      expect(built.yaml).toContain('# left out POST /api/auth/verify-email: it needs a token the sign-in does not give (token');
      const s = parseScenario(built.yaml, 'api.yaml', { env: { ZB_USERNAME: 'u', ZB_PASSWORD: 'p' } });
      // A made-up password here would be a wrong one each time: the server locks the account.
      expect(s.requests.twofa_enroll!.body).toEqual({ password: '${ZB_PASSWORD}' });
      expect(s.setup).toEqual(['login']);
      expect(s.requests.me!.headers.authorization).toBe('Bearer {{access_token}}');
      // A failed sign-in in the flow leaves its own names empty: the setup session is never signed out.
      expect(s.requests.login_fresh!.capture).toEqual({ fresh_access_token: 'access_token', fresh_refresh_token: 'refresh_token' });
      expect(s.requests.refresh!.body).toEqual({ refresh_token: '{{fresh_refresh_token}}' });
      expect(s.requests.refresh!.capture).toEqual({ fresh_access_token: 'access_token', fresh_refresh_token: 'refresh_token' });
      expect(s.requests.logout!.headers.authorization).toBe('Bearer {{fresh_access_token}}');
      const raw = parse(built.yaml) as { mix: Array<{ run: string[] }> };
      expect(raw.mix.map((f) => f.run)).toContainEqual(['login_fresh', 'refresh', 'logout']);
      expect(raw.mix.flatMap((f) => f.run)).not.toContain('login');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
