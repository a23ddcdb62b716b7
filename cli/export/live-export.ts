// Live metrics during a run, beside the files of --out: each --export destination gets every
// outcome of the measured window as it is counted, and a last export with the final totals when
// the run ends. An exporter is loaded only when asked for. A receiver that fails warns once and
// never touches the run: the measurement, its files and its verdict stay what they would be.
import type { RecordObserver } from '../results/recorder.js';
import type { ExportLabels } from './labels.js';
import { warnOnce } from './labels.js';
import type { ExportSpec } from './spec.js';

export interface SinkOptions {
  intervalMs: number;
  /** Longest wait for one export, so a receiver that hangs cannot hold the run's end. */
  timeoutMs: number;
  onFailure: (why: string) => void;
}

/** One destination: told of every counted outcome; `stop` sends the final totals and closes. */
export interface LiveSink {
  observer: RecordObserver;
  stop(): Promise<void>;
}

export interface LiveExport {
  /** Absent when nothing is exported: the recorder then pays nothing. */
  observer?: RecordObserver;
  stop(): Promise<void>;
}

export interface LiveExportOptions {
  intervalMs: number;
  /** A warning line for stderr (said at most once per destination). */
  warn: (message: string) => void;
}

async function openSink(spec: ExportSpec, labels: ExportLabels, o: SinkOptions): Promise<LiveSink> {
  if (spec.kind === 'otlp') return (await import('./otlp.js')).otlpSink(spec.url, labels, o);
  return (await import('./prometheus-rw.js')).remoteWriteSink(spec.url, labels, o);
}

export async function startLiveExport(specs: ExportSpec[], labels: ExportLabels, o: LiveExportOptions): Promise<LiveExport> {
  if (specs.length === 0) return { stop: async () => {} };
  // The SDK wants the timeout no longer than the interval.
  const timeoutMs = Math.min(10_000, o.intervalMs);
  const sinks = await Promise.all(specs.map((spec) => {
    const onFailure = warnOnce((why) => o.warn(
      `live export to ${spec.kind} ${spec.url} failed (${why}); the run goes on and its results are written as always`,
    ));
    return openSink(spec, labels, { intervalMs: o.intervalMs, timeoutMs, onFailure }).then((sink) => ({ sink, onFailure }));
  }));
  const observer: RecordObserver = (sample) => {
    for (const { sink } of sinks) {
      try {
        sink.observer(sample);
      } catch {
        // An exporter's own failure must never cost a measurement; the export's next push reports it.
      }
    }
  };
  let stopped: Promise<void> | null = null;
  return {
    observer,
    // Idempotent: the run's end and its error paths may both ask.
    stop: () => (stopped ??= stopAll()),
  };

  async function stopAll(): Promise<void> {
    await Promise.all(sinks.map(async ({ sink, onFailure }) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(() => { onFailure(`no answer to the last export within ${timeoutMs + 1000} ms`); resolve(); }, timeoutMs + 1000);
      });
      try {
        await Promise.race([sink.stop(), late]);
      } catch (err) {
        onFailure(err instanceof Error ? err.message : String(err));
      } finally {
        clearTimeout(timer);
      }
    }));
  }
}
