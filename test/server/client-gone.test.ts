import { once } from 'node:events';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import type { AppEnv } from '../../server/http/env.js';
import { clientGone } from '../../server/http/client-gone.js';
import { createLimiter } from '../../server/limiter.js';
import { admission } from '../../server/middleware/admission.js';
import { until } from './fault-harness.js';

const sheds: string[] = [];
const limiter = createLimiter({ concurrency: 1, queueSize: 4, maxWaitMs: 10_000, onShed: (r) => sheds.push(r) });
let open: () => void = () => undefined;
const signals: AbortSignal[] = [];
const app = new Hono<AppEnv>();
app.post('/held', admission({ limiter }), async (c) => {
  await new Promise<void>((resolve) => (open = resolve));
  return c.text('done');
});
let closed = 0;
app.get('/signal', (c) => {
  signals.push(clientGone(c));
  // Registered after clientGone's own listener, so it runs after it: once this has run, the
  // signal has had its chance to fire.
  (c.env as { outgoing: { once(e: 'close', f: () => void): void } }).outgoing.once('close', () => closed++);
  return c.text('ok');
});

let server: ServerType;
let port = 0;
beforeAll(async () => {
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => {
  // A failed test may leave a request held: let it go, and drop every connection.
  open();
  server.close(() => resolve());
  (server as { closeAllConnections?: () => void }).closeAllConnections?.();
}));

const send = (method: string, path: string) => {
  const req = request({ host: '127.0.0.1', port, path, method, headers: { 'content-length': '0' } });
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
  });
  req.end();
  return { req, answer };
};

describe('a client gone on a socket', () => {
  it('takes its queued request out of the admission queue', async () => {
    const holder = send('POST', '/held');
    await until(() => limiter.active === 1);
    const leaver = send('POST', '/held');
    leaver.answer.catch(() => undefined);
    await until(() => limiter.queued === 1);
    leaver.req.destroy();
    await until(() => limiter.queued === 0);
    expect(sheds).toEqual(['client_gone']);
    open();
    expect(await holder.answer).toEqual({ status: 200, text: 'done' });
    expect(limiter.active).toBe(0);
  });

  it('is not signalled for a request whose answer was written', async () => {
    expect((await send('GET', '/signal').answer).status).toBe(200);
    await until(() => closed === 1);
    expect(signals).toHaveLength(1);
    expect(signals[0]!.aborted).toBe(false);
  });
});
