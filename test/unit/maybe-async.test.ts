import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { andThen } from '../../server/http/maybe-async.js';
import { timed } from '../../server/http/spans.js';
import { frame } from '../../server/http/frame.js';
import { createMetrics } from '../../server/metrics.js';
import { json } from '../../server/http/respond.js';
import type { AppEnv } from '../../server/http/env.js';

describe('andThen', () => {
  it('applies f at once to a ready value, and returns no promise', () => {
    expect(andThen(2, (v) => v * 3)).toBe(6);
  });

  it('applies f after a promise settles, and passes a rejection on untouched', async () => {
    const r = andThen(Promise.resolve(2), (v) => v * 3);
    expect(r).toBeInstanceOf(Promise);
    await expect(r).resolves.toBe(6);
    await expect(andThen(Promise.reject(new Error('no')), (v: number) => v)).rejects.toThrow('no');
  });
});

/** An app whose route times three kinds of work and answers with what each gave back. */
function app(kind: 'ready' | 'later' | 'throws') {
  const a = new Hono<AppEnv>();
  a.onError((err, c) => json(c, { error: err.message }, 500));
  a.get('/t', (c) => {
    const work = () => {
      if (kind === 'throws') throw new Error('broke');
      return kind === 'later' ? Promise.resolve(41) : 41;
    };
    const v = timed(c, 'db', work);
    const wasPromise = v instanceof Promise;
    return andThen(v, (n) => json(c, { n: n + 1, wasPromise }));
  });
  return frame(a, { metrics: createMetrics(), security: false });
}

describe('timed', () => {
  it.each([['ready', false], ['later', true]] as const)('gives back the %s value (a promise: %s) and writes its span', async (kind, wasPromise) => {
    const res = await app(kind).request('/t');
    expect(await res.json()).toEqual({ n: 42, wasPromise });
    expect(res.headers.get('server-timing')).toMatch(/^db;dur=\d+\.\d,total;dur=/);
  });

  it('passes a thrown error on, with the span still written', async () => {
    const res = await app('throws').request('/t');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'broke' });
    expect(res.headers.get('server-timing')).toMatch(/^db;dur=\d+\.\d,total;dur=/);
  });
});
