import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { Tracer } from '../../cli/diagnose/tracer.js';
import { observeProbes } from '../../cli/diagnose/observe.js';

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/stall') {
      setTimeout(() => res.writeHead(200).end('{}'), 300);
      return;
    }
    if (req.url === '/slow-head') {
      // 60 ms before the headers, then 40 ms of body.
      setTimeout(() => {
        res.writeHead(200, { 'server-timing': 'db;dur=12.5, total;dur=60' });
        res.write('a');
        setTimeout(() => res.end('b'), 40);
      }, 60);
      return;
    }
    res.writeHead(req.headers.authorization === 'Bearer good' ? 200 : 401).end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('Tracer', () => {
  it('times each phase from undici\'s diagnostics channels', async () => {
    const tracer = new Tracer({ url, probes: [{ probe: 'health', method: 'GET', path: '/slow-head', headers: {} }] });
    try {
      const [first, second, third] = await tracer.sample(3);
      expect(first?.error).toBeNull();
      expect(first?.status).toBe(200);
      for (const s of [first, second, third]) {
        // Headers cannot be seen before the server sends them (60 ms), nor the end before 100 ms.
        expect(s?.ttfbMs).toBeGreaterThanOrEqual(55);
        expect(s?.totalMs).toBeGreaterThanOrEqual(95);
        expect(s?.totalMs).toBeGreaterThanOrEqual((s?.ttfbMs ?? 0) + (s?.bodyMs ?? 0) - 1);
        expect(s?.spans).toEqual({ db: 12.5, total: 60 });
      }
      // A starved test process may notice the headers late (shortening the body phase), but not every time.
      expect(Math.max(...[first, second, third].map((s) => s?.bodyMs ?? 0))).toBeGreaterThanOrEqual(25);
      // The first request opened a connection: its connect time is its own, not part of the wait.
      expect(first?.connectMs).toBeGreaterThan(0);
      for (const s of [first, second, third]) expect(s?.connectMs).toBeLessThan(s?.totalMs ?? 0);
      const [obs] = observeProbes([first!, second!, third!]);
      expect(obs).toMatchObject({ probe: 'health', samples: 3, errors: 0, serverP50: 60, spans: { db: 12.5, total: 60 } });
    } finally {
      await tracer.close();
    }
  });

  it('runs probes in the background, ignores other undici traffic, and records failures', async () => {
    const tracer = new Tracer({
      url,
      intervalMs: 5,
      probes: [
        { probe: 'auth-read', method: 'GET', path: '/me', headers: { authorization: 'Bearer good' } },
        { probe: 'invalid-token', method: 'GET', path: '/me', headers: { authorization: 'Bearer bad' } },
      ],
    });
    try {
      tracer.start();
      // Someone else's requests on the same channels must not disturb the probes' marks.
      for (let i = 0; i < 10; i++) await (await request(`${url}/me`)).body.dump();
      const samples = await tracer.stop();
      const byKind = observeProbes(samples);
      expect(byKind.find((p) => p.probe === 'auth-read')?.samples).toBeGreaterThan(1);
      expect(samples.filter((s) => s.probe === 'auth-read').every((s) => s.status === 200)).toBe(true);
      expect(samples.filter((s) => s.probe === 'invalid-token').every((s) => s.status === 401)).toBe(true);
      expect(samples.every((s) => s.totalMs < 5000 && s.ttfbMs >= 0 && s.ttfbMs <= s.totalMs)).toBe(true);
      expect(await tracer.stop()).toEqual([]);
    } finally {
      await tracer.close();
    }
    const refused = new Tracer({ url: 'http://127.0.0.1:1', probes: [{ probe: 'health', method: 'GET', path: '/', headers: {} }] });
    const [failed] = await refused.sample(1);
    await refused.close();
    expect(failed?.error).toBe('ECONNREFUSED');
    expect(failed?.status).toBeNull();
  });

  it('keeps sending on schedule while the server stalls (no coordinated omission)', async () => {
    const tracer = new Tracer({ url, intervalMs: 20, probes: [{ probe: 'health', method: 'GET', path: '/stall', headers: {} }] });
    try {
      tracer.start();
      await new Promise((r) => setTimeout(r, 400));
      const samples = await tracer.stop();
      // A probe waiting for each answer would have sent 2; on schedule it sent one every 20 ms.
      expect(samples.length).toBeGreaterThanOrEqual(10);
      expect(samples.every((s) => s.totalMs >= 290)).toBe(true);
      expect(observeProbes(samples)[0]?.total.p50).toBeGreaterThanOrEqual(290);
      // Stopped with no grace while answers are due: those come back as lower bounds, not dropped.
      tracer.start();
      await new Promise((r) => setTimeout(r, 100));
      const cut = await tracer.stop(0);
      expect(cut.length).toBeGreaterThanOrEqual(3);
      expect(cut.every((s) => s.error === 'unanswered' && s.totalMs >= 0 && s.totalMs < 300)).toBe(true);
    } finally {
      await tracer.close();
    }
  });
});
