import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { bodySize } from '../../server/middleware/body-size.js';

function app() {
  const a = new Hono();
  a.use(bodySize(16));
  a.post('/echo', async (c) => c.text(await c.req.text()));
  a.get('/plain', (c) => c.text('ok'));
  return a;
}

describe('bodySizeMiddleware', () => {
  it('passes bodies up to the limit and answers 413 JSON above it', async () => {
    expect(await (await app().request('/echo', { method: 'POST', body: 'x'.repeat(16) })).text()).toBe('x'.repeat(16));
    const big = await app().request('/echo', { method: 'POST', body: 'x'.repeat(17) });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: 'payload_too_large' });
  });

  it('counts streamed bodies without a Content-Length too', async () => {
    const stream = new ReadableStream({
      start(ctl) {
        ctl.enqueue(new TextEncoder().encode('y'.repeat(10)));
        ctl.enqueue(new TextEncoder().encode('y'.repeat(10)));
        ctl.close();
      },
    });
    const res = await app().request('/echo', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('lets bodyless methods through untouched', async () => {
    expect((await app().request('/plain')).status).toBe(200);
  });
});
