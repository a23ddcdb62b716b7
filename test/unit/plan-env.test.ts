import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../cli/core/errors.js';
import { envFromOptions, redactSecrets } from '../../cli/plan/env.js';
import { parseScenario } from '../../cli/plan/load-scenario.js';
import { compileJsonBody, compileString, envReferences, expandEnv } from '../../cli/plan/template.js';
import { compileRequests } from '../../cli/runner/compile-requests.js';

const scenario = (requests: string, extra = '') => `name: s
${extra}requests:
${requests}
load: { model: closed, connections: 1, duration: 1s }
`;

describe('${NAME} references', () => {
  it('fold into constant text at compile time, beside {{var}} templates', () => {
    const env = { TOKEN: 's3cr3t-value', HOST: 'api' };
    expect(compileString('Bearer ${TOKEN}', env)({})).toBe('Bearer s3cr3t-value');
    expect(compileString('/${HOST}/{{id}}', env)({ id: '7' })).toBe('/api/7');
    expect(compileString('cost: $${PRICE}', env)({})).toBe('cost: ${PRICE}');
    // A value is text, never a template: braces in a secret are sent as they are.
    expect(compileString('${TOKEN}', { TOKEN: 'a{{b}}c' })({})).toBe('a{{b}}c');
    expect(compileJsonBody({ key: '${TOKEN}', n: 1 }, env)({})).toBe('{"key":"s3cr3t-value","n":1}');
    expect(envReferences({ a: ['${A}', 'x ${B} {{c}}'], b: '${A}' })).toEqual(['A', 'B']);
    expect(expandEnv('http://127.0.0.1:${PORT}', { PORT: '8080' })).toBe('http://127.0.0.1:8080');
  });

  it('an unset name is a located problem naming the three ways to set it', () => {
    const text = scenario('  login:\n    method: POST\n    path: /token\n    form: { username: "${ZB_USERNAME}", password: "${ZB_PASSWORD}" }', 'target: http://127.0.0.1:1\n');
    let err: unknown;
    try { parseScenario(text, 'own.yaml', { env: { ZB_USERNAME: 'alice' } }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ScenarioError);
    const problems = (err as ScenarioError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'own.yaml', line: 7, path: 'requests.login.form', message: '${ZB_PASSWORD} is not set' });
    expect(problems[0]?.hint).toMatch(/export ZB_PASSWORD=.*--var ZB_PASSWORD=.*--env-file/);
  });

  it('the plan keeps the reference; only Scenario.env holds the value, and the compiled request sends it', () => {
    const text = scenario('  login:\n    method: POST\n    path: /token\n    form: { username: "${U}", password: "${P}", grant_type: password }', 'target: http://127.0.0.1:${PORT}\n');
    const s = parseScenario(text, 'own.yaml', { env: { U: 'alice smith', P: 'p&ss=word', PORT: '9' } });
    expect(s.target).toBe('http://127.0.0.1:9');
    expect(s.requests.login?.form).toEqual({ username: '${U}', password: '${P}', grant_type: 'password' });
    expect(s.requests.login?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const [login] = compileRequests(s, '');
    const sent = login!.render({});
    expect(sent.body).toBe('username=alice+smith&password=p%26ss%3Dword&grant_type=password');
    expect(new URLSearchParams(sent.body).get('password')).toBe('p&ss=word');
  });

  it('a text body is sent as written with its own content type; two bodies are a problem', () => {
    const s = parseScenario(scenario('  put:\n    method: PUT\n    path: /doc\n    headers: { content-type: text/csv }\n    text: "id,name\\n{{$n}},${WHO}"'), 'f.yaml', { env: { WHO: 'bo' } });
    const [put] = compileRequests(s, '');
    expect(put!.render({ $n: '3' })).toMatchObject({ body: 'id,name\n3,bo', headers: { 'content-type': 'text/csv' } });
    expect(() => parseScenario(scenario('  x:\n    method: POST\n    path: /x\n    body: {}\n    form: { a: b }'), 'f.yaml'))
      .toThrow(/a request has one body: this one has body and form/);
  });
});

describe('where values come from', () => {
  it('--var beats --env-file, which beats the environment; a bad --var is a usage error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zb-env-'));
    try {
      const file = join(dir, '.env');
      await writeFile(file, '# comment\nA=from-file\nB="quoted value"\n');
      const env = await envFromOptions([file], ['A=from-flag', 'C=x=y'], { A: 'shell', B: 'shell', D: 'shell' });
      expect(env).toMatchObject({ A: 'from-flag', B: 'quoted value', C: 'x=y', D: 'shell' });
      await expect(envFromOptions([], ['nope'], {})).rejects.toThrow(/--var "nope": write NAME=value/);
      await expect(envFromOptions([join(dir, 'missing')], [], {})).rejects.toThrow(/--env-file: cannot read .*ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('redacts secret values back to their names', () => {
    expect(redactSecrets('login: 401 {"detail":"bad password hunter22"}', { ZB_PASSWORD: 'hunter22', X: 'ab' }))
      .toBe('login: 401 {"detail":"bad password ${ZB_PASSWORD}"}');
  });
});
