// Server-Timing spans that may occur several times per request (two DB calls, say): summed
// per name, written into the Server-Timing header when the answer is built (http/headers.ts).
import type { Context } from 'hono';
import type { AppEnv } from './env.js';

export function addSpan(c: Context<AppEnv>, name: string, ms: number): void {
  let spans = c.get('spans');
  if (!spans) {
    spans = new Map();
    c.set('spans', spans);
  }
  spans.set(name, (spans.get(name) ?? 0) + ms);
}

export async function timed<T>(c: Context<AppEnv>, name: string, work: () => T | Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await work();
  } finally {
    addSpan(c, name, performance.now() - t0);
  }
}
