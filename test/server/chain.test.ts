import { describe, expect, it } from 'vitest';
import { Hono, type MiddlewareHandler } from 'hono';
import { routeTable } from '../../server/http/chain.js';
import type { AppEnv } from '../../server/http/env.js';

type Step = MiddlewareHandler<AppEnv>;

/** One route, GET /r, with `steps` before a handler that answers `handler()`'s text, and a log. */
function app(steps: Step[], handler: () => Response | Promise<Response> = () => new Response('ok')) {
  const log: string[] = [];
  const a = new Hono<AppEnv>();
  routeTable(a, () => [])
    .get('/r', ...steps, () => {
      log.push('handler');
      return handler();
    });
  a.onError((err) => new Response(`caught ${err.message}`, { status: 500 }));
  return { a, log };
}

describe('chain', () => {
  it('answers without a promise when every step is ready at once', () => {
    const ready: Step = (_c, next) => next();
    const { a, log } = app([ready, ready]);
    const res = a.fetch(new Request('http://x/r'));
    expect(res).not.toBeInstanceOf(Promise);
    expect(log).toEqual(['handler']);
  });

  it('runs Hono-style async middleware in order, before and after, with c.res set as compose() sets it', async () => {
    const seen: string[] = [];
    const outer: Step = async (c, next) => {
      seen.push('outer in');
      await next();
      seen.push(`outer out ${await c.res.clone().text()}`);
    };
    const inner: Step = async (_c, next) => {
      seen.push('inner in');
      await next();
      seen.push('inner out');
    };
    const res = await app([outer, inner]).a.request('/r');
    expect(await res.text()).toBe('ok');
    expect(seen).toEqual(['outer in', 'inner in', 'inner out', 'outer out ok']);
  });

  it('lets a step answer itself (the handler never runs) or replace the answer after next()', async () => {
    const { a, log } = app([(c) => Promise.resolve(c.text('short', 429))]);
    const res = await a.request('/r');
    expect([res.status, await res.text(), log]).toEqual([429, 'short', []]);
    const replace: Step = async (c, next) => {
      await next();
      c.res = new Response('replaced', { status: 201 });
    };
    const r2 = await app([replace]).a.request('/r');
    expect([r2.status, await r2.text()]).toEqual([201, 'replaced']);
  });

  it('carries an error up through every step\'s finally to app.onError, thrown now or later', async () => {
    for (const later of [false, true]) {
      const released: string[] = [];
      const guard: Step = async (_c, next) => {
        try {
          await next();
        } finally {
          released.push('slot');
        }
      };
      const { a } = app([guard], () => {
        if (later) return Promise.reject(new Error('later'));
        throw new Error('now');
      });
      const res = await a.request('/r');
      expect([res.status, await res.text()]).toEqual([500, later ? 'caught later' : 'caught now']);
      expect(released).toEqual(['slot']);
    }
  });
});
