import { once } from 'node:events';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import type { AppEnv } from '../../server/http/env.js';
import { bodySize } from '../../server/middleware/body-size.js';

function app() {
  const a = new Hono<AppEnv>();
  a.use(bodySize(16));
  a.post('/echo', async (c) => c.text(`${await c.req.text()}|${await c.req.text()}`));
  return a;
}

/** A request as @hono/node-server hands it over: node's parsed headers ride along in the env. */
const post = (nodeHeaders: Record<string, string> | undefined, body = 'x'.repeat(9)) =>
  Promise.resolve(app().request('/echo', { method: 'POST', body }, nodeHeaders ? { incoming: { headers: nodeHeaders } } : undefined));

describe('the body limit judged from node\'s headers', () => {
  it('answers 413 for a Content-Length over the limit, before any byte is read', async () => {
    // The body itself is small: only node's declared length can refuse it.
    const res = await post({ 'content-length': '17' });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'payload_too_large' });
  });

  it('lets a declared length within the limit through to the reader', async () => {
    expect(await (await post({ 'content-length': '9' })).text()).toBe(`${'x'.repeat(9)}|${'x'.repeat(9)}`);
  });

  it('counts the bytes of a chunked body, and of a request with no node side, as they arrive', async () => {
    expect((await post({ 'transfer-encoding': 'chunked' }, 'y'.repeat(17))).status).toBe(413);
    expect((await post({ 'content-length': 'abc' }, 'y'.repeat(17))).status).toBe(413);
    expect((await post(undefined, 'y'.repeat(17))).status).toBe(413);
    expect((await post(undefined, 'y'.repeat(16))).status).toBe(200);
  });
});

describe('the body limit on a socket', () => {
  let server: ServerType;
  let port = 0;
  beforeAll(async () => {
    server = serve({ fetch: app().fetch, port: 0, hostname: '127.0.0.1' });
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const send = (chunks: string[], headers: Record<string, string>) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/echo', method: 'POST', headers }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      for (const c of chunks) req.write(c);
      req.end();
    });

  it('reads a body with a Content-Length and refuses one declared too long', async () => {
    expect(await send(['abc', 'def'], { 'content-length': '6' })).toEqual({ status: 200, text: 'abcdef|abcdef' });
    expect((await send(['x'.repeat(17)], { 'content-length': '17' })).status).toBe(413);
  });

  it('counts a chunked body as it arrives', async () => {
    expect(await send(['abc', 'def'], {})).toEqual({ status: 200, text: 'abcdef|abcdef' });
    expect((await send(['x'.repeat(10), 'x'.repeat(10)], {})).status).toBe(413);
  });
});
