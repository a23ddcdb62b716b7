// memory-pressure: a request journal (kept for a "recent activity" view) holds on to every
// request's whole context: the Hono context, with the node request and response objects, their
// headers, the decoded token and the spans (~8 KB each). Nothing ever reads an entry back, so it
// only grows. In a process with a small heap (--max-old-space-size=64) live data fills the old
// generation within seconds and the collector marks and compacts it again and again; requests
// in flight stall during each pause.
//
// A crash (out of memory) is not the symptom wanted: after each major GC that left the old
// generation more than half full of live data, the journal drops its oldest fifth. The heap
// stays that full (it takes ~1,500 requests to get there), and the pauses long, for as long as
// the load lasts. (Fuller, 60-70 %, and the collector runs nearly back to back: every request
// slows, which reads as a saturated event loop rather than GC pauses.) The request path itself
// only adds one Map entry.
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import type { Context, MiddlewareHandler } from 'hono';
import { Counter, Gauge } from 'prom-client';
import type { AppEnv } from '../http/env.js';
import { oldGenerationLimitBytes, oldGenerationUsedBytes } from './heap.js';
import type { Fault } from './types.js';

/** Share of the old generation's limit that live data may reach before the oldest entries go. */
export const NEAR_LIMIT = 0.5;
/** Share of the entries dropped then. */
const EVICT_SHARE = 0.2;

interface JournalEntry {
  at: number;
  c: Context<AppEnv>;
}

export function createJournal() {
  const entries = new Map<number, JournalEntry>();
  let seq = 0;
  let evicted = 0;
  return {
    add(entry: JournalEntry): void {
      entries.set(++seq, entry);
    },
    /** Drops the oldest `share` of the entries; returns how many went. */
    evictOldest(share: number): number {
      const n = Math.ceil(entries.size * share);
      let left = n;
      for (const key of entries.keys()) {
        if (left-- <= 0) break;
        entries.delete(key);
      }
      evicted += n;
      return n;
    },
    get size() {
      return entries.size;
    },
    get evicted() {
      return evicted;
    },
  };
}

/** Calls `onFull` after a major GC that left more than `nearLimit` of the old generation live. */
export function watchMajorGcs(nearLimit: number, onFull: () => void): () => void {
  const limit = oldGenerationLimitBytes();
  const observer = new PerformanceObserver((list) => {
    const major = list.getEntries().some((e) => (e as { detail?: { kind?: number } }).detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR);
    if (major && oldGenerationUsedBytes() > nearLimit * limit) onFull();
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => observer.disconnect();
}

export function memoryPressureWith(o: { nearLimit?: number } = {}): Fault {
  return {
    name: 'memory-pressure',
    apply(ctx) {
      const journal = createJournal();
      const evictions = new Counter({
        name: 'request_journal_evicted_total',
        help: 'Entries the request journal dropped because the heap was near its limit',
        registers: [ctx.metrics.registry],
      });
      const stopWatching = watchMajorGcs(o.nearLimit ?? NEAR_LIMIT, () => evictions.inc(journal.evictOldest(EVICT_SHARE)));
      new Gauge({
        name: 'request_journal_entries',
        help: 'Requests retained by the request journal',
        registers: [ctx.metrics.registry],
        collect() {
          this.set(journal.size);
        },
      });
      const requestJournal: MiddlewareHandler<AppEnv> = async function requestJournal(c, next) {
        const at = Date.now();
        try {
          await next();
        } finally {
          journal.add({ at, c });
        }
      };
      ctx.extraMiddleware.push(requestJournal);
      return stopWatching;
    },
  };
}

export const memoryPressure = memoryPressureWith();
