// Live metrics over OTLP/HTTP (JSON) with the official OpenTelemetry SDK and exporter: per-endpoint
// request counts by status, errors by class and a latency histogram, exported every interval with
// cumulative temporality, so a receiver that missed an export catches up with the next one.
import { ValueType, type HrTime } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality, DataPointType, MeterProvider, PeriodicExportingMetricReader,
  type MetricProducer, type PushMetricExporter, type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { Resource } from '@opentelemetry/resources';
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

const hrTime = (ms: number): HrTime => [Math.floor(ms / 1000), Math.round((ms % 1000) * 1e6)];

/**
 * The latency histogram, straight from the tally's buckets (the layout OpenTelemetry uses: inclusive
 * upper bounds, one overflow bucket). OpenTelemetry has no asynchronous histogram, and a synchronous
 * one costs an SDK call per request; a MetricProducer is the SDK's own way to add metrics it did not
 * aggregate.
 */
function latencyProducer(tally: LiveTally, labels: ExportLabels, resource: Resource): MetricProducer {
  const startTime = hrTime(Date.now());
  return {
    collect: async () => {
      const endTime = hrTime(Date.now());
      const dataPoints = [...tally.endpoints].filter(([, t]) => t.count > 0).map(([endpoint, t]) => ({
        attributes: { scenario: labels.scenario, shard: labels.shard, endpoint },
        startTime,
        endTime,
        value: { buckets: { boundaries: [...LATENCY_BUCKETS_MS], counts: [...t.buckets] }, sum: t.sum, count: t.count },
      }));
      return {
        resourceMetrics: {
          resource,
          scopeMetrics: [{
            scope: { name: 'zimmer-bench', version: VERSION },
            metrics: [{
              descriptor: {
                name: 'zimmer_bench.request.duration', unit: 'ms', valueType: ValueType.DOUBLE,
                description: 'latency of the requests that got one (timeouts at their timeout)',
              },
              aggregationTemporality: AggregationTemporality.CUMULATIVE,
              dataPointType: DataPointType.HISTOGRAM,
              dataPoints,
            }],
          }],
        },
        errors: [],
      };
    },
  };
}

export function otlpSink(url: string, labels: ExportLabels, o: SinkOptions): LiveSink {
  const exporter = new OTLPMetricExporter({ url, timeoutMillis: o.timeoutMs });
  const tally = new LiveTally();
  const resource = resourceFromAttributes({ 'service.name': 'zimmer-bench', 'service.version': VERSION });
  const reader = new PeriodicExportingMetricReader({
    exporter: reporting(exporter, o.onFailure),
    exportIntervalMillis: o.intervalMs,
    exportTimeoutMillis: o.timeoutMs,
    metricProducers: [latencyProducer(tally, labels, resource)],
  });
  const provider = new MeterProvider({ resource, readers: [reader] });
  const meter = provider.getMeter('zimmer-bench', VERSION);
  // Observable counters, read from the tally when an export is due: an outcome costs a few map
  // increments, not an SDK call per instrument (a load runs thousands of requests a second).
  const requests = meter.createObservableCounter('zimmer_bench.requests', { description: 'requests counted in the measured window', unit: '{request}' });
  const errors = meter.createObservableCounter('zimmer_bench.errors', { description: 'requests that failed their expectations, by error class', unit: '{request}' });
  meter.addBatchObservableCallback((result) => {
    for (const [endpoint, t] of tally.endpoints) {
      const own = { scenario: labels.scenario, shard: labels.shard, endpoint };
      for (const [status, n] of t.statuses) result.observe(requests, n, { ...own, status });
      for (const [cls, n] of t.errors) result.observe(errors, n, { ...own, error_class: cls });
    }
  }, [requests, errors]);
  const observer: RecordObserver = tally.observer;
  return {
    observer,
    // A last export with the final totals, then the exporter closes.
    stop: () => provider.shutdown(),
  };
}
