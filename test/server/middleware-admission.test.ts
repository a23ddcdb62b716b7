import { afterEach, describe, expect, it, vi } from 'vitest';
import { Hono } from 'hono';
import { createLimiter, type Admission } from '../../server/limiter.js';
import { admission } from '../../server/middleware/admission.js';
import { ApiError, sendError } from '../../server/http/respond.js';

const admitted = (a: Admission) => {
  if (!a.admitted) throw new Error(`shed: ${a.reason}`);
  return a;
};

describe('admission limiter', () => {
  it('admits up to the concurrency at once, queues the rest in order', async () => {
    const l = createLimiter({ concurrency: 2, queueSize: 4, maxWaitMs: 1000 });
    const a = admitted(await l.acquire());
    const b = admitted(await l.acquire());
    const order: string[] = [];
    const c = l.acquire().then((x) => (order.push('c'), admitted(x)));
    const d = l.acquire().then((x) => (order.push('d'), admitted(x)));
    expect([l.active, l.queued]).toEqual([2, 2]);
    a.release();
    a.release(); // a second release must not free another slot
    await c;
    expect([l.active, l.queued]).toEqual([2, 1]);
    b.release();
    (await d).release();
    (await c).release();
    expect(order).toEqual(['c', 'd']);
    expect([l.active, l.queued]).toEqual([0, 0]);
  });

  it('sheds at once when the queue is full', async () => {
    const sheds: string[] = [];
    const l = createLimiter({ concurrency: 1, queueSize: 1, maxWaitMs: 1000, onShed: (r) => sheds.push(r) });
    const held = admitted(await l.acquire());
    const queued = l.acquire();
    const t0 = performance.now();
    const third = await l.acquire();
    expect(third).toMatchObject({ admitted: false, reason: 'queue_full' });
    expect(performance.now() - t0).toBeLessThan(50);
    held.release();
    admitted(await queued).release();
    expect(sheds).toEqual(['queue_full']);
  });

  it('sheds at once a caller whose wait, at the slot time observed so far, would exceed the budget', async () => {
    const l = createLimiter({ concurrency: 1, queueSize: 100, maxWaitMs: 1000 });
    const first = admitted(await l.acquire());
    await new Promise((r) => setTimeout(r, 60));
    first.release(); // held >= 60 ms: at most 16 waiters fit in 1 s
    const held = admitted(await l.acquire());
    const waiting: Array<Promise<Admission>> = [];
    let shed: Admission | undefined;
    while (!shed && waiting.length < 100) {
      const t0 = performance.now();
      const p = l.acquire();
      const settled = await Promise.race([p, new Promise<null>((r) => setImmediate(() => r(null)))]);
      if (settled && !settled.admitted) {
        shed = settled;
        expect(performance.now() - t0).toBeLessThan(50);
      } else waiting.push(p);
    }
    expect(shed).toMatchObject({ admitted: false, reason: 'queue_full' });
    expect(waiting.length).toBeLessThan(17); // the fixed queue (100) would have taken them all
    held.release();
    for (const w of waiting) admitted(await w).release();
  });

  it('sheds a waiter after the maximum wait and frees its queue place', async () => {
    const l = createLimiter({ concurrency: 1, queueSize: 1, maxWaitMs: 30 });
    const held = admitted(await l.acquire());
    const late = await l.acquire();
    expect(late).toMatchObject({ admitted: false, reason: 'wait_timeout' });
    expect(late.waitedMs).toBeGreaterThanOrEqual(25);
    expect(l.queued).toBe(0);
    held.release();
    expect(l.active).toBe(0);
  });
  it('waits without limit when maxWaitMs is Infinity (an unbounded queue)', async () => {
    const l = createLimiter({ concurrency: 1, queueSize: Infinity, maxWaitMs: Infinity });
    const held = admitted(await l.acquire());
    const waiting = l.acquire();
    await new Promise((r) => setTimeout(r, 20));
    expect(l.queued).toBe(1);
    held.release();
    admitted(await waiting).release();
  });
});

describe('admissionMiddleware', () => {
  it('answers 503 + Retry-After when shed, and releases the slot after the handler', async () => {
    const limiter = createLimiter({ concurrency: 1, queueSize: 0, maxWaitMs: 100 });
    let finish!: () => void;
    const app = new Hono();
    app.onError((err, c) => (err instanceof ApiError ? sendError(c, err) : c.text('boom', 500)));
    app.post('/slow', admission({ limiter, retryAfterS: 3 }), async (c) => {
      await new Promise<void>((r) => (finish = r));
      return c.text('done');
    });
    const first = app.request('/slow', { method: 'POST' });
    await new Promise((r) => setTimeout(r, 5));
    const second = await app.request('/slow', { method: 'POST' });
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('3');
    expect((await second.json()).error).toBe('overloaded');
    finish();
    expect((await first).status).toBe(200);
    expect(limiter.active).toBe(0);
  });

  it('releases the slot when the handler throws', async () => {
    const limiter = createLimiter({ concurrency: 1, queueSize: 0, maxWaitMs: 100 });
    const app = new Hono();
    app.onError((_err, c) => c.text('failed', 500));
    app.post('/boom', admission({ limiter }), () => {
      throw new Error('handler failed');
    });
    expect((await app.request('/boom', { method: 'POST' })).status).toBe(500);
    expect(limiter.active).toBe(0);
  });
});

describe('abandoned requests', () => {
  it('leave the queue when their client goes, and are never granted a slot', async () => {
    const sheds: string[] = [];
    const l = createLimiter({ concurrency: 1, queueSize: 4, maxWaitMs: 1000, onShed: (r) => sheds.push(r) });
    const held = admitted(await l.acquire());
    const gone = new AbortController();
    const leaving = l.acquire(gone.signal);
    const staying = l.acquire(new AbortController().signal);
    expect(l.queued).toBe(2);
    gone.abort();
    expect(await leaving).toMatchObject({ admitted: false, reason: 'client_gone' });
    expect(l.queued).toBe(1);
    held.release();
    admitted(await staying).release();
    const already = new AbortController();
    already.abort();
    expect(await l.acquire(already.signal)).toMatchObject({ admitted: false, reason: 'client_gone' });
    expect(sheds).toEqual(['client_gone', 'client_gone']);
    expect([l.active, l.queued]).toEqual([0, 0]);
  });
});

describe('late shedding', () => {
  afterEach(() => vi.useRealTimers());

  it('a burst queued before any slot time was known: the tail that cannot make the budget is shed at the first release', async () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] });
    const sheds: string[] = [];
    const l = createLimiter({ concurrency: 1, queueSize: 10, maxWaitMs: 1000, onShed: (r) => sheds.push(r) });
    const held = admitted(await l.acquire());
    const waiting = Array.from({ length: 5 }, () => l.acquire());
    expect(l.queued).toBe(5);
    vi.advanceTimersByTime(300);
    held.release();
    // A slot takes 300 ms: waiter k (1-based) is served after 300 + (k - 1) x 300 ms; 4 and 5 would miss 1000 ms.
    const out = await Promise.all(waiting.slice(3));
    expect(out.map((a) => [a.admitted, !a.admitted && a.reason])).toEqual([[false, 'late'], [false, 'late']]);
    expect(l.queued).toBe(2);
    // The kept ones are served in time.
    for (const w of waiting.slice(0, 3)) {
      const a = admitted(await w);
      vi.advanceTimersByTime(300);
      a.release();
    }
    expect(sheds).toEqual(['late', 'late']);
    expect([l.active, l.queued]).toEqual([0, 0]);
  });
});

describe('the slot time the limiter judges by', () => {
  afterEach(() => vi.useRealTimers());

  /** Holds one slot for each of `ms` in turn (concurrency 1, fake clock). */
  async function hold(l: ReturnType<typeof createLimiter>, ms: number[]): Promise<void> {
    for (const t of ms) {
      const a = admitted(await l.acquire());
      vi.advanceTimersByTime(t);
      a.release();
    }
  }
  /** How many of `n` callers arriving behind a held slot are shed at once. */
  async function shedOf(l: ReturnType<typeof createLimiter>, n: number): Promise<number> {
    const held = admitted(await l.acquire());
    const out = Array.from({ length: n }, () => l.acquire());
    const shed = (await Promise.all(out.map((p) => Promise.race([p, Promise.resolve(null)])))).filter((a) => a && !a.admitted).length;
    held.release();
    for (const p of out) {
      const a = await p;
      if (a.admitted) a.release();
    }
    return shed;
  }

  it('is not moved by one slow slot among quick ones', async () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] });
    const l = createLimiter({ concurrency: 1, queueSize: 100, maxWaitMs: 1000 });
    await hold(l, [10, 10, 10, 10, 10, 300]);
    // At 10 ms a slot, 40 waiters are served within 410 ms: none is shed (an average, 68 ms, shed 26).
    expect(await shedOf(l, 40)).toBe(0);
  });

  it('follows slot times that stay slow', async () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] });
    const l = createLimiter({ concurrency: 1, queueSize: 100, maxWaitMs: 1000 });
    await hold(l, [10, 10, 10, 10, 300, 300, 300, 300, 300]);
    // At 300 ms a slot, the first three waiters fit in 1 s; the other 37 are shed at once.
    expect(await shedOf(l, 40)).toBe(37);
  });
});
