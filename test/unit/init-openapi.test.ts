import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { scenarioFromOpenApi } from '../../cli/init/from-openapi.js';
import { readOpenApi } from '../../cli/init/read-openapi.js';
import { sampleValue } from '../../cli/init/sample.js';
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
    expect(s.setup).toEqual(['login_for_access_token_token_post']);
    const login = s.requests.login_for_access_token_token_post!;
    expect(login).toMatchObject({ method: 'POST', path: '/token', capture: { access_token: 'access_token' } });
    expect(login.form).toEqual({ grant_type: 'password', username: '${ZB_USERNAME}', password: '${ZB_PASSWORD}' });
    expect(login.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const item = s.requests.read_item_items__item_id__get!;
    expect(item.path).toBe('/items/{{item_id}}');
    expect(item.headers.authorization).toBe('Bearer {{access_token}}');
    expect(s.variables).toEqual({ item_id: '1' });
    expect(s.requests.update_item_items__item_id__put!.body).toEqual({ name: 'text {{$seq}}', price: 1 });
    expect(s.requests.read_users_me_users_me__get!.expect.status).toEqual([200]);
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
});
