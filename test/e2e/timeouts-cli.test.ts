// The daily check end to end: the clean bundled server is 7/7 resolved (exit 0); a target where one
// endpoint fails is not (exit 1), and the unresolved endpoint says why.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { judged } from './cli-harness.js';
import { runCli } from './diagnose-harness.js';

describe('zimmer-bench timeouts', () => {
  it('7/7 resolved on the clean server (closed model when asked), exit 0', async () => {
    const r = await judged(() => runCli(['timeouts', '--connections', '10', '--duration', '1500ms', '--json']));
    const check = JSON.parse(r.stdout) as { resolved: number; total: number; endpoints: Array<{ label: string; attempted: number }> };
    expect(check.total).toBe(7);
    expect(check.endpoints.every((e) => e.attempted > 0)).toBe(true);
    expect(r.stderr).toMatch(/^7\/7 resolved \(resolved = no timeouts, errors < 10 %, P95 < 1 s under load\)/);
    expect(check.resolved).toBe(7);
    expect(r.code).toBe(0);
  });

  it('a target whose refresh fails is 6/7: refresh unresolved with its error class, exit 1', async () => {
    // Just enough of the seven endpoints for the phase1 scenario, with refresh answering 503.
    const server = createServer((req, res) => {
      const send = (status: number, body?: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? undefined : JSON.stringify(body));
      };
      req.resume().on('end', () => {
        const path = (req.url ?? '').split('?')[0];
        if (path === '/api/auth/login') send(200, { access_token: 'h.p.s', refresh_token: 'r', token_type: 'Bearer', expires_in: 900 });
        else if (path === '/api/auth/refresh') send(503, { error: 'unavailable', message: 'down' });
        else if (path === '/api/auth/logout') send(204);
        else if (path === '/api/auth/request-email-verify') send(202, { status: 'queued' });
        else send(200, { id: 1, email: 'user1@zimmer.test', enabled: false, display_name: 'x' });
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const r = await judged(() => runCli(['timeouts', '--target', url, '--rate', '100', '--duration', '2s']));
      expect(r.stdout).toMatch(/open model, 100 flows\/s/);
      expect(r.stdout).toMatch(/^6\/7 resolved/);
      expect(r.stdout).toMatch(/UNRESOLVED {2}POST \/api\/auth\/refresh .*errors 100 %/);
      expect(r.stdout).toMatch(/why: errors 100 % >= 10 %; error classes: http5xx \d+/);
      expect(r.stdout).toMatch(/resolved {4}GET \/api\/me/);
      expect(r.code).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('a bad duration is a usage error', async () => {
    const r = await runCli(['timeouts', '--duration', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--duration/);
  });
});
