// The catalogue: the seven names the CLI and diagnose rely on, each documented (here and in the
// reference-server docs), unknown names refused with the valid list, faults that combine, and a server without
// faults left exactly as built.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { validateServerOptions, DEFAULT_SERVER_OPTIONS } from '../../server/config.js';
import { FAULTS, faultNames } from '../../server/faults/index.js';
import { toServerOptions } from '../../cli/commands/serve.js';
import { UsageError } from '../../cli/core/errors.js';
import { makeFaultApp, type FaultApp } from './fault-harness.js';
import { DEFAULT_ADMISSION, queueForHashMs } from '../../server/limiter.js';

const NAMES = ['event-loop-block', 'pool-exhaustion', 'queue-bottleneck', 'memory-pressure', 'middleware-order', 'missing-index', 'slow-downstream'];

let t: FaultApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('fault catalogue', () => {
  it('lists the seven faults by their names, each fully documented in one line per field', () => {
    expect(faultNames()).toEqual(NAMES);
    for (const f of FAULTS) {
      for (const field of [f.summary, f.reproduces, f.clientSignals, f.serverSignals, f.fix]) {
        expect(field.length, `${f.name}`).toBeGreaterThan(10);
        expect(field).not.toContain('\n');
      }
    }
  });

  it('has a row for every fault in the reference server docs', () => {
    const page = readFileSync('docs/reference-server.md', 'utf8');
    const start = page.indexOf('## Faults');
    expect(start).toBeGreaterThan(-1);
    const section = page.slice(start);
    for (const name of NAMES) expect(section).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
  });

  it('refuses unknown names, listing the valid ones', () => {
    const problems = validateServerOptions({ ...DEFAULT_SERVER_OPTIONS, faults: ['pool-exhaustion', 'slow-db'] });
    expect(problems).toEqual([`--fault slow-db: unknown fault (known: ${NAMES.join(', ')})`]);
    const two = validateServerOptions({ ...DEFAULT_SERVER_OPTIONS, faults: ['a', 'missing-index', 'b'] });
    expect(two).toEqual([`--fault a, b: unknown faults (known: ${NAMES.join(', ')})`]);
    const raw = { port: '0', host: '127.0.0.1', seedUsers: '0', hashCost: '14', fault: ['nope'] };
    expect(() => toServerOptions(raw, {})).toThrow(UsageError);
  });

  it('leaves every seam as built when no fault is on', async () => {
    t = await makeFaultApp([]);
    const plain = t.ctx;
    expect(plain.faults).toEqual([]);
    expect(plain.extraMiddleware).toEqual([]);
    // The queue is sized from the hash measured at start; the rest is the default.
    expect(plain.admission.options).toMatchObject({ concurrency: DEFAULT_ADMISSION.concurrency, maxWaitMs: DEFAULT_ADMISSION.maxWaitMs });
    expect(plain.admission.options.queueSize).toBe(queueForHashMs(plain.hashing.verifyMs, DEFAULT_ADMISSION));
    const tables = plain.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).not.toContain('request_log');
    expect((await (await t.req('GET', '/metrics')).text()).match(/^(db_pool|request_journal|smtp_|auth_user_lookups)\w*/m)).toBeNull();
  });

  it('combines faults: all seven at once still serve a full session', async () => {
    t = await makeFaultApp([...NAMES], { seed: 2 });
    expect(t.ctx.faults).toEqual(NAMES);
    const { access_token, refresh_token } = await t.tokens(1);
    expect((await t.req('GET', '/api/me', { token: access_token })).status).toBe(200);
    expect((await t.req('POST', '/api/auth/refresh', { body: { refresh_token } })).status).toBe(200);
    expect((await t.req('POST', '/api/auth/request-email-verify', { token: access_token })).status).toBe(202);
    expect((await t.req('GET', '/api/auth/2fa/status', { token: access_token })).status).toBe(200);
  });
});
