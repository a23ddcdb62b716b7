// Black box: diagnose through a proxy that hides /metrics and strips Server-Timing, so only what a
// client sees is left. It must say it worked client-only, and still reach the right verdict.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBundledServer, type BundledServer } from '../../cli/target/bundled-server.js';
import { faultNames } from '../../cli/target/faults.js';
import { matrixLine, runDiagnose } from './diagnose-harness.js';

const out = mkdtempSync(join(tmpdir(), 'zimmer-blackbox-'));
const closers: Array<() => Promise<void>> = [];

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  rmSync(out, { recursive: true, force: true });
});

/** Forwards everything to `upstream` except /metrics (404), dropping the Server-Timing header. */
async function strippingProxy(upstream: string): Promise<string> {
  const target = new URL(upstream);
  const server: Server = createServer((req, res) => {
    if ((req.url ?? '').startsWith('/metrics')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
      return;
    }
    const forward = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      const headers = { ...up.headers };
      delete headers['server-timing'];
      res.writeHead(up.statusCode ?? 502, headers);
      up.pipe(res);
    });
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function bundled(faults: string[]): Promise<BundledServer> {
  const server = await startBundledServer({ seedUsers: 20, faults });
  closers.push(() => server.stop());
  return server;
}

describe('diagnose, black box (no /metrics, no Server-Timing)', () => {
  const fault = 'event-loop-block';
  it(`still ranks event-loop-blocked first behind a stripping proxy (${fault})`, async () => {
    // A renamed or removed fault fails here by name instead of making this test vanish.
    expect(faultNames()).toContain(fault);
    const server = await bundled([fault]);
    const r = await runDiagnose(out, ['--target', await strippingProxy(server.url)]);
    process.stdout.write(`[matrix] ${matrixLine(`${fault} (black box)`, r)}\n`);
    expect(r.diagnosis?.mode).toBe('client-only');
    expect(r.diagnosis?.notes.join(' ')).toMatch(/no \/metrics and no Server-Timing/);
    // Named, or left the unnamed suspect on a machine too busy to re-check it (exit 4).
    if (r.diagnosis?.verdict === 'inconclusive') {
      expect(r.diagnosis.inconclusive).toMatch(/^event-loop-blocked (was suspected|showed in one run)/);
      expect(r.code).toBe(4);
      return;
    }
    expect(r.diagnosis?.causes[0]?.cause, JSON.stringify(r.diagnosis?.causes, null, 1)).toBe('event-loop-blocked');
    expect(r.code).toBe(1);
  });

  it('--no-server-signals on the clean server: client-only, healthy, exit 0', async () => {
    const r = await runDiagnose(out, ['--no-server-signals']);
    process.stdout.write(`[matrix] ${matrixLine('(no fault, black box)', r)}\n`);
    expect(r.diagnosis?.mode).toBe('client-only');
    expect(r.diagnosis?.causes.map((c) => c.cause)).toEqual([]);
    expect(r.code).toBe(0);
  });
});
