// Colour off by each documented switch, on a real terminal: the built CLI runs under a
// pseudo-terminal (util-linux `script`), where it colours by default, so each switch is seen to
// take colour away rather than the pipe of a test harness never having had any.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, cleanupAfterEach, startServer, writeScenario } from './cli-harness.js';

const { defer, out } = cleanupAfterEach();
const ANSI = /\u001b\[\d+(;\d+)*m/;

/** The CLI's output on a pseudo-terminal, with `env` added to an environment free of colour settings. */
function onTerminal(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const quoted = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const base = { ...process.env };
  delete base.NO_COLOR;
  delete base.FORCE_COLOR;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', quoted, '/dev/null'], { env: { ...base, TERM: 'xterm', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { output += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { output += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', (err) => reject(new Error(`util-linux script is needed to give the CLI a terminal: ${err.message}`)));
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, output }); });
  });
}

describe('colour switches', () => {
  it('colours a terminal by default; NO_COLOR, FORCE_COLOR=0 and --no-color each turn it off', async () => {
    const server = await startServer((req, res) => { req.resume(); res.writeHead(500); res.end(); });
    defer(() => server.close());
    const dir = await out();
    const file = await writeScenario(dir, 'c.yaml', `name: colours
target: ${server.url}
requests:
  a: { method: GET, path: /a }
load: { model: closed, connections: 1, duration: 300ms, warmup: 0s }
targets:
  overall: ["error_rate < 1%"]
`);
    const args = ['run', file, '--out', join(dir, 'out'), '--quiet'];
    const plain = await onTerminal(args, {});
    expect(plain.output, 'the CLI did not colour its terminal, so the switches below prove nothing').toMatch(ANSI);
    expect(plain.output).toMatch(/(FAIL|INVALID)/);
    const cases: Array<[string, string[], Record<string, string>]> = [
      ['NO_COLOR=1', args, { NO_COLOR: '1' }],
      ['FORCE_COLOR=0', args, { FORCE_COLOR: '0' }],
      ['--no-color', [...args, '--no-color'], {}],
      ['--no-color over FORCE_COLOR=1', [...args, '--no-color'], { FORCE_COLOR: '1' }],
    ];
    for (const [label, argv, env] of cases) {
      const r = await onTerminal(argv, env);
      expect(r.output, label).toMatch(/(FAIL|INVALID)/);
      expect(r.output, label).not.toMatch(ANSI);
    }
  });
});
