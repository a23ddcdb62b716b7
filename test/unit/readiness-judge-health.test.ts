import { describe, expect, it } from 'vitest';
import { judgeHealth as judgeHealthFacts } from '../../cli/readiness/judge-health.js';
import { obs } from './readiness-fixtures.js';
import { wordItem } from '../../cli/render/readiness-json.js';

// The judges return facts; these word them as every readiness output does.
const judgeHealth = (...a: Parameters<typeof judgeHealthFacts>) => wordItem(judgeHealthFacts(...a));

describe('judgeHealth', () => {
  const calls = (ms: number[], status: number | null = 200) => ms.map((m) => obs({ path: '/health', ms: m, status }));

  it('passes when every call is 2xx without credentials, median < 50 ms and P90 < 250 ms', () => {
    const item = judgeHealth(calls([1, 2, 2, 3, 49, 49, 49, 49, 249, 900]));
    expect(item.status).toBe('pass');
    expect(item.summary).toBe('idle median 49.0 ms, p90 249.0 ms, slowest 900.0 ms');
  });

  it('near misses fail: median exactly 50 ms, or P90 of 250 ms; with few calls P90 is the slowest', () => {
    expect(judgeHealth(calls([50, 50, 50, 1, 1])).status).toBe('fail');
    expect(judgeHealth(calls([1, 1, 1, 1, 1, 1, 1, 1, 250, 250])).status).toBe('fail');
    expect(judgeHealth(calls([1, 1, 1, 1, 250])).status).toBe('fail');
  });

  it('a /health that wants a token fails, naming the answer', () => {
    const item = judgeHealth([obs({ status: 401, body: { error: 'unauthorized', message: 'token' } })]);
    expect(item.checks[0]?.evidence).toContain('1 of 1 calls failed, e.g. 401');
    expect(judgeHealth([]).status).toBe('fail');
  });

  it('during the login burst: a little slower is fine, seconds (a blocked event loop) are not', () => {
    const idle = calls([1, 1, 1]);
    const busy = judgeHealth(idle, calls([5, 20, 30, 40, 50, 60, 70, 80, 99, 999, 1500]));
    expect(busy.status).toBe('pass');
    expect(busy.summary).toBe('idle median 1.0 ms, p90 1.0 ms, slowest 1.0 ms; during the login burst median 60.0 ms, p90 999.0 ms, slowest 1500.0 ms');
    const blocked = judgeHealth(idle, calls([2, 3, 4100]));
    expect(blocked.status).toBe('fail');
    expect(blocked.checks[2]?.evidence).toBe('median 3.0 ms, p90 4100.0 ms, slowest 4100.0 ms over 3 sequential calls');
    expect(judgeHealth(idle, calls([100, 100, 1]))).toMatchObject({ status: 'fail' });
    expect(judgeHealth(idle, [obs({ status: null, error: 'timeout', ms: 5000 })]).checks[2]?.evidence).toContain('no answer (timeout) during the burst');
  });

  it('a burst that never ran fails the under-load check instead of skipping it', () => {
    const item = judgeHealth(calls([1, 1, 1]), null);
    expect(item.status).toBe('fail');
    expect(item.checks[2]?.evidence).toBe('not measured: the login burst did not run');
  });
});
