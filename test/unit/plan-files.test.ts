import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_SCENARIOS, bundledScenarioPath } from '../../cli/plan/bundled.js';
import { loadScenarioFile, parseScenario } from '../../cli/plan/load-scenario.js';
import { Ajv } from 'ajv';
import { SCENARIO_SCHEMA_URL, scenarioJsonSchemaText } from '../../cli/plan/schema.js';
import { expandUsers } from '../../cli/plan/users.js';
import { parseUsersCsv } from '../../cli/plan/users-csv.js';
import { ScenarioError, UsageError, type Problem } from '../../cli/core/errors.js';
import { PACKAGE_ROOT } from '../../cli/version.js';

const SEVEN = ['/api/auth/login', '/api/auth/logout', '/api/auth/refresh', '/api/auth/2fa/status',
  '/api/auth/request-email-verify', '/api/me', '/api/user/profile'];

describe('bundled scenarios', () => {
  it.each(BUNDLED_SCENARIOS)('%s validates, references the schema and exercises all seven endpoints', async (name) => {
    const path = bundledScenarioPath(name);
    const text = await readFile(path, 'utf8');
    // The published schema, not a path beside the file: a copy saved anywhere keeps resolving.
    expect(text.startsWith(`# yaml-language-server: $schema=${SCENARIO_SCHEMA_URL}\n`)).toBe(true);
    const s = await loadScenarioFile(path);
    expect(s.name).toBe(name);
    expect(s.file).toBe(path);
    const measured = new Set(s.mix.flatMap((f) => f.run).map((r) => s.requests[r]!.path));
    for (const endpoint of SEVEN) expect(measured, endpoint).toContain(endpoint);
    expect(s.requests.profile_put!.method).toBe('PUT');
    expect(s.requests.email_verify!.expect.status).toEqual([202, 429]);
    // The session flow has its own tokens, so logging out never kills the setup token.
    expect(s.requests.logout!.headers.authorization).toBe('Bearer {{s_access}}');
    expect(s.users.kind === 'pattern' && s.users.count).toBeLessThanOrEqual(50);
  });

  it('sets the plan\'s targets per phase', async () => {
    const overall = async (n: (typeof BUNDLED_SCENARIOS)[number]) =>
      (await loadScenarioFile(bundledScenarioPath(n))).targets.filter((t) => t.endpoint === null).map((t) => t.source);
    expect(await overall('today')).toEqual(['p95 < 2s', 'error_rate < 20%']);
    expect(await overall('phase1')).toEqual(['p95 < 1s', 'error_rate < 10%']);
    expect(await overall('phase2')).toEqual(['p95 < 500ms', 'error_rate < 5%', 'rps > 50']);
    expect(await overall('phase3')).toEqual(['p95 < 200ms', 'error_rate < 1%', 'rps > 100', 'timeouts == 0']);
    const p3 = await loadScenarioFile(bundledScenarioPath('phase3'));
    expect(p3.load.model).toBe('open');
    expect(p3.targets.filter((t) => t.endpoint === 'me').map((t) => t.source)).toContain('p95 < 200ms');
  });

  it('refuses an unknown bundled name with a suggestion', () => {
    expect(() => bundledScenarioPath('phase4')).toThrow(UsageError);
    expect(() => bundledScenarioPath('phse1')).toThrow(/did you mean "phase1"/);
  });
});

describe('scenario.schema.json', () => {
  it('is the committed output of the zod schema (run `npm run schema` after changing it)', async () => {
    const committed = await readFile(join(PACKAGE_ROOT, 'scenarios', 'scenario.schema.json'), 'utf8');
    expect(committed).toBe(scenarioJsonSchemaText());
  });

  it('has the published URL as its $id, a file the package ships at that path and version', async () => {
    const schema = JSON.parse(scenarioJsonSchemaText()) as { $id: string };
    const pkg = JSON.parse(await readFile(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { name: string; version: string; files: string[] };
    expect(schema.$id).toBe(SCENARIO_SCHEMA_URL);
    expect(schema.$id).toBe(`https://unpkg.com/${pkg.name}@${pkg.version}/scenarios/scenario.schema.json`);
    expect(pkg.files).toContain('scenarios');
  });

  it('catches in the editor what validate catches where JSON Schema can: the path, a unit on latency', async () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const check = ajv.compile(JSON.parse(scenarioJsonSchemaText()) as object);
    for (const name of BUNDLED_SCENARIOS) {
      const s = (await import('yaml')).parse(await readFile(bundledScenarioPath(name), 'utf8')) as unknown;
      expect(check(s), `${name}: ${JSON.stringify(check.errors)}`).toBe(true);
    }
    const doc = (path: string, target: string) => ({
      name: 'x', requests: { a: { method: 'GET', path } }, load: { model: 'closed', connections: 1, duration: '1s' },
      targets: { overall: [target] },
    });
    expect(check(doc('/a', 'p95 < 200ms'))).toBe(true);
    expect(check(doc('/a', 'P95<1.5s'))).toBe(true);
    expect(check(doc('a', 'p95 < 200ms'))).toBe(false);
    expect(check.errors?.[0]?.instancePath).toBe('/requests/a/path');
    expect(check(doc('/a', 'p95 < 200'))).toBe(false);
    expect(check.errors?.[0]?.instancePath).toBe('/targets/overall/0');
    for (const ok of ['error_rate < 1%', 'rps > 100', 'timeouts == 0', 'p99.9 <= 2s', 'p(95) < 1s']) expect(check(doc('/a', ok)), ok).toBe(true);
  });
});

describe('users from CSV', () => {
  let dir = '';
  const scenario = (users: string) => `name: csv\nusers: ${users}\nsetup: [login]\nrequests:\n  login: { method: POST, path: /login, body: { e: "{{email}}", p: "{{password}}" } }\n  me: { method: GET, path: /me }\nload: { model: closed, connections: 1, duration: 1s }\n`;
  const problems = async (file: string): Promise<Problem[]> => {
    try { await loadScenarioFile(file); } catch (err) { if (err instanceof ScenarioError) return err.problems; throw err; }
    return [];
  };
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'zimmer-plan-')); });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('reads the CSV relative to the scenario into inline users', async () => {
    await writeFile(join(dir, 'users.csv'), 'email,password\r\nu1@x.test,"p,1"\r\n"u2@x.test","say ""hi"""\r\n');
    await writeFile(join(dir, 'ok.yaml'), scenario('{ csv: users.csv }'));
    const s = await loadScenarioFile(join(dir, 'ok.yaml'));
    expect(s.users).toEqual({ kind: 'inline', list: [{ email: 'u1@x.test', password: 'p,1' }, { email: 'u2@x.test', password: 'say "hi"' }] });
  });

  it('checks templates against the CSV header', async () => {
    await writeFile(join(dir, 'short.csv'), 'email\nu1@x.test\n');
    await writeFile(join(dir, 'short.yaml'), scenario('{ csv: short.csv }'));
    const [p, ...rest] = await problems(join(dir, 'short.yaml'));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ path: 'requests.login.body.p', message: 'unknown variable {{password}}' });
  });

  it('reports a missing CSV at users.csv, with a hint', async () => {
    await writeFile(join(dir, 'missing.yaml'), scenario('{ csv: nowhere.csv }'));
    const [p] = await problems(join(dir, 'missing.yaml'));
    expect(p).toMatchObject({ line: 2, path: 'users.csv', hint: 'the path is relative to the scenario file' });
    expect(p!.message).toMatch(/cannot read users file .*nowhere\.csv \(ENOENT\)/);
  });

  it('reports a bad row at its line in the CSV file', () => {
    const r = parseUsersCsv('email,password\na@x,1\nb@x\n"c\nd@x",2\n', 'u.csv');
    expect(r).toEqual({ ok: false, problems: [expect.objectContaining({ file: 'u.csv', line: 3, message: 'row has 1 field(s), the header has 2' })] });
    expect(parseUsersCsv('', 'u.csv').ok).toBe(false);
    expect(parseUsersCsv('e mail\nx\n', 'u.csv')).toMatchObject({ ok: false, problems: [{ message: "the header row's column 1 is not a variable name" }] });
  });

  it('leaves the CSV unread in parseScenario (no I/O there)', () => {
    expect(parseScenario(scenario('{ csv: users.csv }'), 'x.yaml').users).toEqual({ kind: 'csv', file: 'users.csv' });
  });

  it('reports a missing scenario file with the bundled names', async () => {
    const [p] = await problems(join(dir, 'none.yaml'));
    expect(p!.message).toMatch(/cannot read the scenario file \(ENOENT\)/);
    expect(p!.hint).toMatch(/phase1/);
  });
});

describe('expandUsers', () => {
  it('numbers pattern users from 1', () => {
    expect(expandUsers({ kind: 'pattern', count: 2, fields: { email: 'u{{n}}@x', pw: 'p' } }))
      .toEqual([{ email: 'u1@x', pw: 'p' }, { email: 'u2@x', pw: 'p' }]);
    expect(expandUsers({ kind: 'none' })).toEqual([]);
  });
});
