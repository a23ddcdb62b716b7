import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../cli/plan/load-scenario.js';
import { ScenarioError, type Problem } from '../../cli/core/errors.js';

const VALID = `
name: small
target: http://127.0.0.1:8080
defaults: { timeout: 5s, headers: { Accept: application/json } }
variables: { locale: en-GB, retries: 3 }
users:
  pattern: { count: 3, email: "user{{n}}@zimmer.test", password: pw }
setup: [login]
requests:
  login:
    method: POST
    path: /api/auth/login
    body: { email: "{{email}}", password: "{{password}}" }
    capture: { token: access_token }
  me:
    method: GET
    path: /api/me?l={{locale}}
    headers: { authorization: "Bearer {{token}}" }
    expect: { status: 200, fields: [id] }
    timeout: 1500ms
  put:
    method: PUT
    path: /api/user/profile
    body: { bio: "{{$uuid}} {{$seq}} {{$n}}", tags: [a, "{{retries}}"] }
load: { model: closed, connections: 4, duration: 2s }
targets:
  overall: ["p95 < 200ms", "error_rate < 1%"]
  endpoints:
    "*": ["p99 < 1s"]
    me: ["max < 2s"]
`;

function problemsOf(yaml: string): Problem[] {
  try {
    parseScenario(yaml, 'test.yaml');
  } catch (err) {
    if (err instanceof ScenarioError) return err.problems;
    throw err;
  }
  return [];
}

/** Replaces one exact fragment of the valid scenario, so each test changes one thing. */
function variant(from: string, to: string): string {
  expect(VALID).toContain(from);
  return VALID.replace(from, to);
}

function onlyProblem(yaml: string): Problem {
  const problems = problemsOf(yaml);
  expect(problems, problems.map((p) => p.message).join('\n')).toHaveLength(1);
  return problems[0]!;
}

describe('parseScenario: a valid file becomes a complete plan', () => {
  const s = parseScenario(VALID, 'test.yaml');

  it('fills in defaults', () => {
    expect(s.name).toBe('small');
    expect(s.description).toBe('');
    expect(s.file).toBeNull();
    expect(s.target).toBe('http://127.0.0.1:8080');
    expect(s.defaults).toEqual({ headers: { accept: 'application/json' }, timeoutMs: 5000 });
    expect(s.variables).toEqual({ locale: 'en-GB', retries: '3' });
    expect(s.users).toEqual({ kind: 'pattern', count: 3, fields: { email: 'user{{n}}@zimmer.test', password: 'pw' } });
    expect(s.setup).toEqual(['login']);
    expect(s.load).toEqual({ model: 'closed', connections: 4, durationMs: 2000, warmupMs: 0 });
  });

  it('builds requests with merged lower-case headers, default status and timeouts', () => {
    expect(s.requests.login).toMatchObject({
      name: 'login', method: 'POST', capture: { token: 'access_token' }, timeoutMs: 5000,
      headers: { accept: 'application/json', 'content-type': 'application/json' },
    });
    expect(s.requests.login!.expect.status).toHaveLength(100);
    expect(s.requests.login!.expect.status[0]).toBe(200);
    expect(s.requests.login!.expect.status.at(-1)).toBe(299);
    expect(s.requests.me).toMatchObject({ expect: { status: [200], fields: ['id'] }, timeoutMs: 1500 });
    expect(s.requests.me!.body).toBeUndefined();
    expect(s.requests.me!.headers).toEqual({ accept: 'application/json', authorization: 'Bearer {{token}}' });
  });

  it('makes a weight-1 flow of every non-setup request when mix is omitted', () => {
    expect(s.mix).toEqual([{ weight: 1, run: ['me'] }, { weight: 1, run: ['put'] }]);
  });

  it('expands "*" targets to every request in the mix', () => {
    expect(s.targets.map((t) => `${t.endpoint ?? 'overall'}: ${t.source}`)).toEqual([
      'overall: p95 < 200ms', 'overall: error_rate < 1%', 'me: p99 < 1s', 'put: p99 < 1s', 'me: max < 2s',
    ]);
    expect(s.targets[1]).toEqual({ metric: 'error_rate', op: '<', value: 0.01, endpoint: null, source: 'error_rate < 1%' });
  });

  it('builds an open load with its defaults', () => {
    const open = parseScenario(variant('load: { model: closed, connections: 4, duration: 2s }',
      'load: { model: open, stages: [{ duration: 1s, rate: 0, to: 50 }, { duration: 2s, rate: 50 }], warmup: 500ms }'), 'x.yaml');
    expect(open.load).toEqual({
      model: 'open', warmupMs: 500, maxConnections: 256, maxInFlight: 10_000,
      stages: [{ durationMs: 1000, rate: 0, to: 50 }, { durationMs: 2000, rate: 50, to: 50 }],
    });
  });

  it('reads inline users as strings', () => {
    const s2 = parseScenario(variant('  pattern: { count: 3, email: "user{{n}}@zimmer.test", password: pw }',
      '  inline: [{ email: a@x.test, password: 1 }, { email: b@x.test, password: 2 }]'), 'x.yaml');
    expect(s2.users).toEqual({ kind: 'inline', list: [{ email: 'a@x.test', password: '1' }, { email: 'b@x.test', password: '2' }] });
  });
});

describe('parseScenario: every rule reports a located problem with a hint', () => {
  it.each<[string, string, string, RegExp, RegExp | null]>([
    ['YAML syntax', 'name: small', 'name: [small', /YAML syntax/, /indentation|quotes/],
    ['duplicate key', 'name: small', 'name: small\nname: again', /YAML syntax.*(unique|duplicate)/i, /repeated key/],
    ['unknown key', 'name: small', 'name: small\nrequets: {}', /unknown key "requets"/, /did you mean "requests"/],
    ['unknown nested key', 'timeout: 1500ms', 'timeout: 1500ms\n    retry: 2', /unknown key "retry"/, /allowed keys: .*method/],
    ['wrong type', 'connections: 4', 'connections: many', /expected a (whole )?number, got "many"/, null],
    ['missing key', '  me:\n    method: GET\n', '  me:\n', /missing required key "method"/, /add method/],
    ['bad duration', 'timeout: 1500ms', 'timeout: 15 s', /not a duration/, null],
    ['zero duration', 'duration: 2s', 'duration: 0s', /more than 0/, null],
    ['bad target', '"p95 < 200ms"', '"p95 < 200"', /p95 needs a unit/, /200ms/],
    ['unknown setup request', 'setup: [login]', 'setup: [logn]', /unknown request "logn"/, /did you mean "login"/],
    ['unknown endpoint target', '    me: ["max < 2s"]', '    mee: ["max < 2s"]', /unknown request "mee"/, /did you mean "me"/],
    ['target on a setup-only request', '    me: ["max < 2s"]', '    login: ["max < 2s"]', /only runs in setup/, /mix/],
    ['unknown variable', 'Bearer {{token}}', 'Bearer {{tokn}}', /unknown variable \{\{tokn\}\}/, /did you mean "token"/],
    ['unknown built-in', '{{$seq}}', '{{$sequence}}', /unknown variable \{\{\$sequence\}\}/, /\$seq/],
    ['malformed template', 'Bearer {{token}}', 'Bearer {{to ken}}', /malformed template/, /\{\{name\}\}/],
    ['capture path', 'capture: { token: access_token }', 'capture: { token: "data..token" }', /malformed capture path/, /dotted path/],
    ['capture name', 'capture: { token: access_token }', 'capture: { token: access_token, "bad name": x }', /"bad name" is not a variable name/, /letters/],
    ['status range', 'status: 200', 'status: [200, 600]', /at most 599/, null],
    ['status low', 'status: 200', 'status: 99', /at least 100/, null],
    ['target URL', 'target: http://127.0.0.1:8080', 'target: 127.0.0.1:8080', /not an http\(s\) URL/, /http:\/\/127\.0\.0\.1:8080/],
    ['pattern needs {{n}}', 'email: "user{{n}}@zimmer.test"', 'email: "user@zimmer.test"', /3 users would all have the same email/, /\{\{n\}\}/],
    ['pattern other var', 'email: "user{{n}}@zimmer.test"', 'email: "user{{n}}-{{locale}}@zimmer.test"', /only use \{\{n\}\}/, null],
    ['two kinds of users', 'password: pw }', 'password: pw }\n  csv: users.csv', /users has pattern and csv/, /exactly one/],
    ['path without slash', 'path: /api/user/profile', 'path: api/user/profile', /must start with "\/"/, /\/api\/me/],
    ['method case', 'method: PUT', 'method: put', /"put" is not allowed/, /did you mean "PUT"/],
    ['unknown model', 'model: closed', 'model: clsed', /unknown model "clsed"/, /did you mean "closed"/],
    ['request name', '  put:\n', '  "put it":\n', /request name "put it" is not allowed/, /letters/],
  ])('%s', (_name, from, to, message, hint) => {
    const p = onlyProblem(variant(from, to));
    expect(p.message).toMatch(message);
    if (hint) expect(p.hint).toMatch(hint);
    expect(p.file).toBe('test.yaml');
    expect(p.line).toBeGreaterThan(0);
  });

  it('rejects a zero weight and an empty mix', () => {
    expect(onlyProblem(`${VALID}mix: [{ weight: 0, run: [me] }]\n`).message).toMatch(/more than 0/);
    expect(onlyProblem(`${VALID}mix: []\n`).message).toMatch(/mix is empty/);
    expect(onlyProblem(`${VALID}mix: [{ weight: 1, run: [] }]\n`).message).toMatch(/at least one request/);
  });

  it('reports a target on a request the mix never runs', () => {
    const p = onlyProblem(`${VALID}mix: [{ weight: 1, run: [put] }]\n`);
    expect(p).toMatchObject({ path: 'targets.endpoints.me', message: '"me" is not in the mix, so it is never measured' });
  });

  it('checks mix names, with did-you-mean', () => {
    const p = onlyProblem(`${VALID}mix: [{ weight: 2, run: [me, putt] }]\n`);
    expect(p).toMatchObject({ path: 'mix[0].run[1]', message: 'unknown request "putt"', hint: 'did you mean "put"?' });
  });

  it('reports a scenario whose every request is in setup', () => {
    const yaml = 'name: x\nsetup: [a]\nrequests: { a: { method: GET, path: / } }\nload: { model: closed, connections: 1, duration: 1s }\n';
    expect(onlyProblem(yaml).message).toMatch(/nothing would be measured/);
  });

  it('rejects a file that is not a mapping', () => {
    expect(onlyProblem('- just\n- a list\n').message).toMatch(/mapping of keys/);
  });

  it('reports all three problems of a file, each at its own line and column', () => {
    const yaml = [
      'name: three',                                          // 1
      'requests:',                                            // 2
      '  me:',                                                // 3
      '    method: GET',                                      // 4
      '    path: /api/me',                                    // 5
      '    timeout: fast',                                    // 6  bad duration at col 14
      'mix: [{ weight: 1, run: [mee] }]',                     // 7  unknown request at col 26
      'load: { model: closed, connections: 2, duration: 1s, colour: red }', // 8 unknown key at col 54
    ].join('\n');
    const problems = problemsOf(yaml);
    expect(problems.map((p) => [p.line, p.column, p.path])).toEqual([
      [6, 14, 'requests.me.timeout'],
      [7, 26, 'mix[0].run[0]'],
      [8, 54, 'load.colour'],
    ]);
    expect(problems.every((p) => p.file === 'test.yaml' && p.hint !== undefined || p.path === 'requests.me.timeout')).toBe(true);
  });

  it('formats each problem as file:line:col: path: message (hint)', () => {
    try {
      parseScenario(variant('setup: [login]', 'setup: [logn]'), 'dir/s.yaml');
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toBe('dir/s.yaml:8:9: setup[0]: unknown request "logn" (did you mean "login"?)');
    }
  });
});

describe('parseScenario: names that exist on every object', () => {
  it('does not mistake inherited properties for requests', () => {
    const p = problemsOf(`${VALID}mix: [{ weight: 1, run: [me, put, toString, constructor] }]\n`);
    expect(p.map((x) => x.message)).toEqual(['unknown request "toString"', 'unknown request "constructor"']);
  });
});
