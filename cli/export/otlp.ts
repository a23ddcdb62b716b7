// Live metrics over OTLP/HTTP (JSON) with the official OpenTelemetry SDK and exporter: per-endpoint
// request counts by status, errors by class and a latency histogram, exported every interval with
// cumulative temporality, so a receiver that missed an export catches up with the next one.
import type { Attributes } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter, type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { RecordObserver } from '../results/recorder.js';
import { VERSION } from '../version.js';
import { LATENCY_BUCKETS_MS, type ExportLabels } from './labels.js';
import { LiveTally } from './tally.js';
import type { LiveSink, SinkOptions } from './live-export.js';

/** ExportResultCode.SUCCESS of @opentelemetry/core: 0 is the one code that means the receiver took it. */
const SUCCESS = 0;

/** The OTLP exporter, reporting each failed export to `onFailure` (which warns once) and passing the result on. */
function reporting(inner: OTLPMetricExporter, onFailure: (why: string) => void): PushMetricExporter {
  return {
    export(metrics: ResourceMetrics, done) {
      inner.export(metrics, (result) => {
        if (result.code !== SUCCESS) onFailure(result.error?.message ?? 'the receiver refused the export');
        done(result);
      });
    },
    forceFlush: () => inner.forceFlush(),
    shutdown: () => inner.shutdown(),
    selectAggregationTemporality: (type) => inner.selectAggregationTemporality(type),
    selectAggregation: (type) => inner.selectAggregation(type),
  };
}

export function otlpSink(url: string, labels: ExportLabels, o: SinkOptions): LiveSink {
  const exporter = new OTLPMetricExporter({ url, timeoutMillis: o.timeoutMs });
  const reader = new PeriodicExportingMetricReader({
    exporter: reporting(exporter, o.onFailure),
    exportIntervalMillis: o.intervalMs,
    exportTimeoutMillis: o.timeoutMs,
  });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'zimmer-bench', 'service.version': VERSION }),
    readers: [reader],
  });
  const meter = provider.getMeter('zimmer-bench', VERSION);
  // The counters are observable: read from the tally when an export is due, so an outcome costs a
  // few map increments, not an SDK call per counter (a load of thousands of requests a second).
  const tally = new LiveTally();
  const requests = meter.createObservableCounter('zimmer_bench.requests', { description: 'requests counted in the measured window', unit: '{request}' });
  const errors = meter.createObservableCounter('zimmer_bench.errors', { description: 'requests that failed their expectations, by error class', unit: '{request}' });
  meter.addBatchObservableCallback((result) => {
    for (const [endpoint, t] of tally.endpoints) {
      const own = { scenario: labels.scenario, shard: labels.shard, endpoint };
      for (const [status, n] of t.statuses) result.observe(requests, n, { ...own, status });
      for (const [cls, n] of t.errors) result.observe(errors, n, { ...own, error_class: cls });
    }
  }, [requests, errors]);
  const latency = meter.createHistogram('zimmer_bench.request.duration', {
    description: 'latency of the requests that got one (timeouts at their timeout)', unit: 'ms',
    advice: { explicitBucketBoundaries: LATENCY_BUCKETS_MS },
  });
  // One attributes object per endpoint, made once.
  const attrsOf = new Map<string, Attributes>();
  const observer: RecordObserver = (s) => {
    tally.observer(s);
    if (s.latencyMs === null) return;
    let attrs = attrsOf.get(s.endpoint);
    if (!attrs) attrsOf.set(s.endpoint, attrs = { scenario: labels.scenario, shard: labels.shard, endpoint: s.endpoint });
    latency.record(s.latencyMs, attrs);
  };
  return {
    observer,
    // A last export with the final totals, then the exporter closes.
    stop: () => provider.shutdown(),
  };
}
