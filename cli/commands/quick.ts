// `zimmer-bench quick URL [-c 10] [-d 10s] [--check "p95 < 500ms"]`: the first minute with a server
// of one's own, before any scenario file: one request, a closed load, and a gate only when targets
// are given (otherwise it measures and exits 0 unless the server could not be measured).
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { UsageError } from '../core/errors.js';
import { HTTP_METHODS } from '../plan/schema.js';
import { parseScenario } from '../plan/load-scenario.js';
import { parseTargetUrl } from '../runner/target-url.js';
import { DEFAULT_OUT, parseRunOptions } from './run-options.js';
import { runAndReport } from './run-pipeline.js';

interface QuickOptions {
  connections: string; duration: string; rate?: string; timeout?: string; method: string;
  header: string[]; check: string[]; out: string; junit?: string; json?: boolean; quiet?: boolean;
  export: string[]; exportInterval?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function register(program: Command): void {
  program
    .command('quick')
    .argument('<url>', 'full URL to request, e.g. http://127.0.0.1:8000/items/1')
    .option('-c, --connections <n>', 'closed model: this many connections', '10')
    .option('-d, --duration <time>', 'length of the measured window', '10s')
    .option('--rate <n>', 'open model instead: this many requests per second')
    .option('--timeout <time>', 'per-request timeout (default 10s)')
    .option('-m, --method <method>', 'HTTP method', 'GET')
    .option('-H, --header <name:value>', 'request header (repeatable), e.g. -H "authorization: Bearer $TOKEN"', collect, [])
    .option('--check <target>', 'a target that gates the exit code (repeatable), e.g. --check "p95 < 500ms" --check "error_rate < 1%"', collect, [])
    .option('--out <dir>', 'folder for the results JSON and markdown report', DEFAULT_OUT)
    .option('--junit <file>', 'also write JUnit XML')
    .option('--json', 'print the results and evaluation as JSON on stdout')
    .option('--quiet', 'only the verdict and the files written')
    .option('--export <kind=url>', 'stream live metrics during the run: otlp=URL or prometheus-rw=URL (repeatable)', collect, [])
    .option('--export-interval <time>', 'how often live metrics are pushed (default 5s)')
    .description('measure one URL at once, no scenario file; gated only when --check targets are given')
    .action(async (url: string, o: QuickOptions) => {
      const options = parseRunOptions({
        duration: o.duration, ...(o.rate ? { rate: o.rate } : { connections: o.connections }),
        ...(o.timeout ? { timeout: o.timeout } : {}), out: o.out, ...(o.junit ? { junit: o.junit } : {}),
        json: o.json === true, quiet: o.quiet === true, fault: [],
        export: o.export, ...(o.exportInterval ? { exportInterval: o.exportInterval } : {}),
      });
      process.exitCode = await runAndReport(quickScenario(url, o), options);
    });
}

/** The one-request scenario, written as YAML and validated like any file, so its problems read the same. */
export function quickScenario(url: string, o: Pick<QuickOptions, 'method' | 'header' | 'check' | 'duration'>): ReturnType<typeof parseScenario> {
  let parsed: URL;
  try { parsed = new URL(url); } catch { parsed = new URL('invalid:'); }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`"${url}" is not an http(s) URL: give a full one, e.g. http://127.0.0.1:8000/health`);
  }
  const target = parseTargetUrl(parsed.origin).href;
  const method = o.method.toUpperCase();
  if (!(HTTP_METHODS as readonly string[]).includes(method)) throw new UsageError(`--method ${o.method}: use one of ${HTTP_METHODS.join(', ')}`);
  const headers: Record<string, string> = {};
  for (const h of o.header) {
    const i = h.indexOf(':');
    if (i < 1) throw new UsageError(`--header "${h}": write name: value, e.g. -H "accept: application/json"`);
    headers[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
  }
  const doc = {
    name: 'quick',
    description: `${method} ${url}`,
    target,
    requests: { request: { method, path: `${parsed.pathname}${parsed.search}`, ...(Object.keys(headers).length ? { headers } : {}) } },
    load: { model: 'closed', connections: 1, duration: o.duration },
    ...(o.check.length ? { targets: { overall: o.check } } : {}),
  };
  return parseScenario(stringify(doc), '<quick>');
}
