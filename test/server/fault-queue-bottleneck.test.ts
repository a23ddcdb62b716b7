// queue-bottleneck: one login hashes at a time and every other waits, however many, for as long
// as it takes; the default limiter runs four and sheds beyond its queue.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ADMISSION } from '../../server/limiter.js';
import { gatedHasher, makeFaultApp, until, type FaultApp } from './fault-harness.js';

let t: FaultApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const LOGINS = DEFAULT_ADMISSION.concurrency + DEFAULT_ADMISSION.queueSize + 6;

async function flood(app: FaultApp) {
  const hasher = gatedHasher(app.ctx.hasher);
  app.ctx.hasher = hasher;
  // One account each: the sign-in guard lets at most 5 guesses per account and address be in
  // flight at once, and this measures the limiter behind it.
  const logins = Array.from({ length: LOGINS }, (_, i) => app.login(i + 1));
  await until(() => hasher.waiting >= 1 && app.ctx.admission.active + app.ctx.admission.queued >= Math.min(LOGINS, DEFAULT_ADMISSION.concurrency + DEFAULT_ADMISSION.queueSize));
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
    expect(t.ctx.admission.active).toBe(DEFAULT_ADMISSION.concurrency);
    expect(t.ctx.admission.queued).toBe(DEFAULT_ADMISSION.queueSize);
    hasher.open();
    const statuses = (await Promise.all(logins)).map((r) => r.status);
    expect(statuses.filter((s) => s === 503)).toHaveLength(LOGINS - DEFAULT_ADMISSION.concurrency - DEFAULT_ADMISSION.queueSize);
  });
});
