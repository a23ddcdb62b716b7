// Prometheus metrics, one Registry per app so several apps can live in one process (tests).
import { performance } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics() {
  const registry = new Registry();
  // Event-loop lag percentiles, GC durations, heap spaces, handles, CPU.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });

  let lastElu = performance.eventLoopUtilization();
  new Gauge({
    name: 'nodejs_eventloop_utilization_ratio',
    help: 'Share of time the event loop was busy since the previous scrape (0..1)',
    registers: [registry],
    collect() {
      const now = performance.eventLoopUtilization();
      this.set(performance.eventLoopUtilization(now, lastElu).utilization);
      lastElu = now;
    },
  });

  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from request received to response handed to the socket',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  // A plain count, read at scrape time: prom-client's inc() and dec() look up the (empty) label set
  // on every request.
  let inFlightNow = 0;
  const inFlight = { inc: () => void inFlightNow++, dec: () => void inFlightNow-- };
  new Gauge({
    name: 'http_requests_in_flight',
    help: 'Requests being handled right now',
    registers: [registry],
    collect() {
      this.set(inFlightNow);
    },
  });
  const admissionWait = new Histogram({
    name: 'admission_wait_seconds',
    help: 'Time a request waited for an admission slot (admitted or shed)',
    labelNames: ['outcome'] as const,
    buckets: [0, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
    registers: [registry],
  });
  const admissionSheds = new Counter({
    name: 'admission_shed_total',
    help: 'Requests answered 503 by the admission limiter',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  // Set from the limiter at scrape time (see bindQueue) rather than on every change.
  let queueDepth: () => number = () => 0;
  let activeSlots: () => number = () => 0;
  new Gauge({
    name: 'admission_queue_depth',
    help: 'Requests waiting for an admission slot',
    registers: [registry],
    collect() {
      this.set(queueDepth());
    },
  });
  new Gauge({
    name: 'admission_active',
    help: 'Admission slots in use',
    registers: [registry],
    collect() {
      this.set(activeSlots());
    },
  });

  return {
    registry,
    httpDuration,
    inFlight,
    admissionWait,
    admissionSheds,
    bindQueue(depth: () => number, active: () => number): void {
      queueDepth = depth;
      activeSlots = active;
    },
  };
}

export type AppMetrics = ReturnType<typeof createMetrics>;
