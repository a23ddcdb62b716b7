// queue-bottleneck: one login hashes at a time and every other waits, however many, for as long
// as it takes; the default limiter runs one per core and sheds beyond its queue (sized from the
// measured cost of a hash).
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ADMISSION, QUEUE_RANGE } from '../../server/limiter.js';
import { gatedHasher, makeFaultApp, until, type FaultApp } from './fault-harness.js';

let t: FaultApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

// More than the largest queue the server sizes from its measured hash cost.
const LOGINS = DEFAULT_ADMISSION.concurrency + QUEUE_RANGE[1] + 6;

async function flood(app: FaultApp) {
  const hasher = gatedHasher(app.ctx.hasher);
  app.ctx.hasher = hasher;
  // One account each: the sign-in guard lets at most 5 guesses per account and address be in
  // flight at once, and this measures the limiter behind it.
  const logins = Array.from({ length: LOGINS }, (_, i) => app.login(i + 1));
  const { concurrency, queueSize } = app.ctx.admission.options;
  await until(() => hasher.waiting >= 1 && app.ctx.admission.active + app.ctx.admission.queued >= Math.min(LOGINS, concurrency + queueSize), 5000);
  await new Promise((r) => setTimeout(r, 20)); // let every request reach the limiter
  return { hasher, logins };
}

describe('queue-bottleneck', () => {
  it('admits one login at a time and queues all the others without shedding', async () => {
    t = await makeFaultApp(['queue-bottleneck'], { seed: LOGINS });
    const { hasher, logins } = await flood(t);
    expect(t.ctx.admission.active).toBe(1);
    expect(t.ctx.admission.queued).toBe(LOGINS - 1);
    expect(hasher.waiting).toBe(1);
    const metrics = await (await t.req('GET', '/metrics')).text();
    expect(metrics).toMatch(new RegExp(`^admission_queue_depth ${LOGINS - 1}$`, 'm'));
    expect(metrics).not.toMatch(/^admission_shed_total/m);
    hasher.open();
    const statuses = (await Promise.all(logins)).map((r) => r.status);
    expect(statuses.every((s) => s === 200)).toBe(true);
  });

  it('without the fault runs four at once and sheds past the bounded queue', async () => {
    t = await makeFaultApp([], { seed: LOGINS });
    const { hasher, logins } = await flood(t);
    const { concurrency, queueSize } = t.ctx.admission.options;
    expect(concurrency).toBe(DEFAULT_ADMISSION.concurrency);
    expect(t.ctx.admission.active).toBe(concurrency);
    expect(t.ctx.admission.queued).toBe(queueSize);
    // Exactly those beyond the queue are shed at once for a full queue.
    const full = LOGINS - concurrency - queueSize;
    const metrics = await (await t.req('GET', '/metrics')).text();
    expect(metrics).toMatch(new RegExp(`^admission_shed_total\\{reason="queue_full"\\} ${full}$`, 'm'));
    hasher.open();
    const statuses = (await Promise.all(logins)).map((r) => r.status);
    // On a busy machine some queued ones may still run out of wait budget (also 503).
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThanOrEqual(full);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
  });
});
