// Scrapes the target's /metrics (Prometheus text). A target without one, or one that does not answer
// in time, yields an empty page: diagnose then works from client-side signals alone.
import { performance } from 'node:perf_hooks';
import { Client } from 'undici';
import type { TargetUrl } from '../runner/target-url.js';
import { parsePrometheus } from './prometheus.js';
import type { Scrape } from './server-window.js';

export class MetricsClient {
  private readonly client: Client;

  constructor(private readonly target: TargetUrl, timeoutMs = 1500) {
    this.client = new Client(target.origin, { headersTimeout: timeoutMs, bodyTimeout: timeoutMs, pipelining: 1 });
  }

  async scrape(): Promise<Scrape> {
    try {
      const res = await this.client.request({ method: 'GET', path: `${this.target.basePath}/metrics` });
      const text = await res.body.text();
      const at = performance.now();
      if (res.statusCode !== 200) return { at, samples: [] };
      return { at, samples: parsePrometheus(text) };
    } catch {
      return { at: performance.now(), samples: [] };
    }
  }

  /** The target exposes Prometheus metrics we can read. */
  async available(): Promise<boolean> {
    const page = await this.scrape();
    return page.samples.some((s) => s.name.startsWith('nodejs_') || s.name.startsWith('process_') || s.name.startsWith('http_'));
  }

  close(): Promise<void> {
    return this.client.close().catch(() => undefined);
  }
}
