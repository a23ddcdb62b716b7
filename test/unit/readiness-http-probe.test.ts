// The probe's HTTP client against real loopback servers: what it records, how it decodes, and that a
// server which never answers cannot hold it past its deadline.
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { BUDGET_SPENT, createProber, jsonOf } from '../../cli/readiness/http-probe.js';
import { seen } from '../../cli/render/readiness-answer.js';
import { parseTargetUrl } from '../../cli/runner/target-url.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((ok) => s.close(ok));
  }
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const s = createServer(handler);
  servers.push(s);
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/base`;
}

describe('readiness HTTP probe', () => {
  it('records status, lower-case headers, the body decoded from gzip and both sizes', async () => {
    const body = JSON.stringify({ bio: 'x'.repeat(4000) });
    const url = await serve((req, res) => {
      const zipped = gzipSync(body);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'X-Seen-Path': req.url ?? '' });
      res.end(zipped);
    });
    const http = createProber(parseTargetUrl(url), { timeoutMs: 2000 });
    try {
      const o = await http.send({ method: 'GET', path: '/api/user/profile' });
      expect(o.status).toBe(200);
      expect(o.headers['x-seen-path']).toBe('/base/api/user/profile');
      expect(o.bodyBytes).toBe(Buffer.byteLength(body));
      expect(o.wireBytes).toBeLessThan(200);
      expect(jsonOf(o)).toEqual({ bio: 'x'.repeat(4000) });
      expect(seen(o)).toMatch(/^200 in \d/);
    } finally {
      await http.close();
    }
  });

  it('sends objects as JSON and strings as they are, labelled JSON', async () => {
    const url = await serve((req, res) => {
      let text = '';
      req.setEncoding('utf8').on('data', (d: string) => { text += d; }).on('end', () => {
        res.end(JSON.stringify({ type: req.headers['content-type'], text }));
      });
    });
    const http = createProber(parseTargetUrl(url), { timeoutMs: 2000 });
    try {
      expect(jsonOf(await http.send({ method: 'POST', path: '/a', body: { a: 1 } }))).toEqual({ type: 'application/json', text: '{"a":1}' });
      expect(jsonOf(await http.send({ method: 'POST', path: '/a', body: '{"broken' }))).toEqual({ type: 'application/json', text: '{"broken' });
      // A fractional timeout (time left before a deadline) is rounded, not refused.
      expect((await http.send({ method: 'POST', path: '/a', body: {}, timeoutMs: 999.4 })).status).toBe(200);
    } finally {
      await http.close();
    }
  });

  it('a silent server: a timeout after the request timeout, then nothing sent past the deadline', async () => {
    const url = await serve(() => { /* never answers */ });
    const http = createProber(parseTargetUrl(url), { timeoutMs: 300, deadline: performance.now() + 500 });
    try {
      const first = await http.send({ method: 'GET', path: '/health' });
      expect(first).toMatchObject({ status: null, error: 'timeout' });
      expect(first.ms).toBeGreaterThanOrEqual(250);
      const second = await http.send({ method: 'GET', path: '/health' });
      expect(second.error).toBe('timeout');
      expect(second.ms).toBeLessThan(300); // only the time left before the deadline
      const third = await http.send({ method: 'GET', path: '/health' });
      expect(third).toMatchObject({ status: null, error: BUDGET_SPENT, ms: 0 });
    } finally {
      await http.close();
    }
  });

  it('a refused connection is recorded with its code', async () => {
    const url = await serve((_req, res) => res.end());
    const port = new URL(url).port;
    servers.splice(0).forEach((s) => { s.closeAllConnections(); s.close(); });
    const http = createProber(parseTargetUrl(`http://127.0.0.1:${port}`), { timeoutMs: 1000 });
    try {
      expect((await http.send({ method: 'GET', path: '/' })).error).toBe('ECONNREFUSED');
    } finally {
      await http.close();
    }
  });
});
