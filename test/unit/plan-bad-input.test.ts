// Scenario and users files that are too big, too deep, misshapen or out of place: each is refused
// with a located one-line problem, in bounded time and memory, and never quotes a users file's cells.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScenarioError, formatProblem, type Problem } from '../../cli/core/errors.js';
import { loadScenarioFile } from '../../cli/plan/load-scenario.js';
import { parseYaml } from '../../cli/plan/parse-yaml.js';
import { MAX_SCENARIO_BYTES, readCapped } from '../../cli/plan/read-capped.js';
import { parseUsersCsv } from '../../cli/plan/users-csv.js';

const BODY = 'requests:\n  me: { method: GET, path: /me }\nload: { model: closed, connections: 1, duration: 1s }\n';
const WITH_CSV = (csv: string) =>
  `name: csv\nusers: { csv: "${csv}" }\nsetup: [login]\nrequests:\n  login: { method: POST, path: /login, body: { e: "{{email}}", p: "{{password}}" } }\n  me: { method: GET, path: /me }\nload: { model: closed, connections: 1, duration: 1s }\n`;

let dir = '';
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'zimmer-bad-input-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function problemsOf(file: string, options = {}): Promise<Problem[]> {
  try {
    await loadScenarioFile(file, options);
  } catch (err) {
    if (err instanceof ScenarioError) return err.problems;
    throw err;
  }
  throw new Error(`${file} was accepted`);
}

describe('scenario files', () => {
  it('refuses a file over the size limit, naming it, before parsing it', async () => {
    const file = join(dir, 'huge.yaml');
    await writeFile(file, `name: "${'x'.repeat(MAX_SCENARIO_BYTES * 2)}"\n${BODY}`);
    const [p, ...rest] = await problemsOf(file);
    expect(rest).toEqual([]);
    expect(formatProblem(p!)).toMatch(new RegExp(`^${file}: the scenario file is 2 MiB, over the 1 MiB limit for scenario files \\(.*users CSV`));
  });

  it('stops reading an endless file at the limit', async () => {
    expect(await readCapped('/dev/zero', 1024)).toEqual({ ok: false, size: null });
  });

  // Comparing each key with every earlier one takes ~40 s for 50,000 keys on a quiet 2-core box;
  // one set per mapping parses them in a few seconds on a busy one.
  it('finds a duplicate key among 50,000 keys of one mapping, in linear time', { timeout: 30_000 }, () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `  k${i}: v\n`).join('');
    const { problems } = parseYaml(`name: keys\nvariables:\n${keys}  k7: again\n  "k8": again\n  8: number\n`, 'keys.yaml');
    expect(problems.problems.map(formatProblem)).toEqual([
      'keys.yaml:50003:3: YAML syntax: map keys must be unique (duplicate key) (remove or rename the repeated key)',
      'keys.yaml:50004:3: YAML syntax: map keys must be unique (duplicate key) (remove or rename the repeated key)',
    ]);
  });

  it('refuses an alias bomb at its first alias instead of expanding it', async () => {
    const file = join(dir, 'bomb.yaml');
    const levels = Array.from({ length: 8 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]`);
    await writeFile(file, `name: bomb\nl0: &l0 [x, x, x, x, x, x, x, x, x]\n${levels.join('\n')}\n${BODY}`);
    const [p, ...rest] = await problemsOf(file);
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ file, line: 3, message: 'YAML aliases expand beyond 100 repeated values (first alias: *l0)' });
  });
});

describe('users CSV files', () => {
  const SECRET = 'hunter2-secret';
  it('names the header columns, never the values, when the header row is missing', () => {
    const r = parseUsersCsv(`alice@x.test,${SECRET}!\nbob@x.test,pw\n`, 'u.csv');
    expect(r.ok).toBe(false);
    const text = !r.ok ? r.problems.map(formatProblem).join('\n') : '';
    expect(text).toMatch(/^u\.csv:1:1: the header row's columns 1, 2 are not variable names \(the first row must name the fields/);
    expect(text).not.toContain('alice');
    expect(text).not.toContain(SECRET);
  });

  it('reports an unclosed quote at its line without quoting the cell', () => {
    const r = parseUsersCsv(`email,password\na@x,"${SECRET}\nb@x,2\n`, 'u.csv');
    expect(r).toMatchObject({ ok: false, problems: [{ file: 'u.csv', message: 'not valid CSV: a quoted field is never closed' }] });
    expect(JSON.stringify(r)).not.toContain(SECRET);
  });

  it('reads quoted fields and CRLF lines', () => {
    expect(parseUsersCsv('\uFEFFemail,password\r\n"a,b@x","say ""hi"""\r\n', 'u.csv'))
      .toEqual({ ok: true, list: [{ email: 'a,b@x', password: 'say "hi"' }] });
  });

  it("refuses a file outside the scenario's folder unless allowed, never printing it", async () => {
    await mkdir(join(dir, 'scen'), { recursive: true });
    await writeFile(join(dir, 'outside.csv'), `${SECRET},x\n`);
    await writeFile(join(dir, 'ok.csv'), 'email,password\na@x,1\n');
    const file = join(dir, 'scen', 'out.yaml');
    await writeFile(file, WITH_CSV('../outside.csv'));
    const problems = await problemsOf(file);
    expect(problems).toMatchObject([{ file, line: 2, path: 'users.csv', message: `the users file ../outside.csv is outside the scenario's folder ${join(dir, 'scen')}` }]);
    expect(problems[0]!.hint).toMatch(/--allow-outside-csv/);
    expect(JSON.stringify(problems)).not.toContain(SECRET);
    await writeFile(file, WITH_CSV('../ok.csv'));
    await expect(problemsOf(file)).resolves.toHaveLength(1);
    const allowed = await loadScenarioFile(file, { allowOutsideCsv: true });
    expect(allowed.users).toEqual({ kind: 'inline', list: [{ email: 'a@x', password: '1' }] });
  });
});
