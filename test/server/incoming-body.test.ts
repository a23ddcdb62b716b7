import { once } from 'node:events';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import type { AppEnv } from '../../server/http/env.js';
import { bodyText } from '../../server/http/incoming-body.js';
import { bodySize } from '../../server/middleware/body-size.js';

function app() {
  const a = new Hono<AppEnv>();
  a.use(bodySize(16));
  a.post('/echo', async (c) => c.text(`${await bodyText(c)}|${await bodyText(c)}`));
  return a;
}

/** Node's side of a request, as @hono/node-server hands it over: headers and a readable body. */
function incoming(chunks: Buffer[], headers: Record<string, string>) {
  let reads = 0;
  const body = Object.assign(Readable.from((function* counted() {
    for (const c of chunks) {
      reads++;
      yield c;
    }
  })()), { headers });
  return { body, reads: () => reads };
}

const post = (env: unknown, body = 'from-hono') =>
  Promise.resolve(app().request('/echo', { method: 'POST', body }, { incoming: env }));

describe('a body read straight from node', () => {
  it('is read from node, once, when its Content-Length is within the limit', async () => {
    const n = incoming([Buffer.from('from-'), Buffer.from('node')], { 'content-length': '9' });
    const res = await post(n.body);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('from-node|from-node');
  });

  it('decodes UTF-8 split across chunks and drops a byte-order mark, as Request.text() does', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('é€')]);
    const n = incoming([bytes.subarray(0, 4), bytes.subarray(4)], { 'content-length': String(bytes.length) });
    expect(await (await post(n.body)).text()).toBe('é€|é€');
  });

  it('answers 413 from the declared length without reading a byte', async () => {
    const n = incoming([Buffer.from('x'.repeat(17))], { 'content-length': '17' });
    const res = await post(n.body);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'payload_too_large' });
    expect(n.reads()).toBe(0);
  });

  it('leaves a chunked body, and a request with no node side, to Hono', async () => {
    const chunked = incoming([Buffer.from('from-node')], { 'transfer-encoding': 'chunked' });
    expect(await (await post(chunked.body)).text()).toBe('from-hono|from-hono');
    expect(await (await post(undefined)).text()).toBe('from-hono|from-hono');
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
