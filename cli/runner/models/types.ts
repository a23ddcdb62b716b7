// What a load model is to the rest of the tool: the one interface run-scenario, the environment
// record, diagnose and the commands go through instead of testing `load.model` themselves. The
// engine behind it is imported only when a run starts, so commands that never run a load stay light.
import type { LoadSpec } from '../../plan/types.js';
import type { DriverContext, DriverOutcome } from '../driver.js';

export type ModelName = LoadSpec['model'];

/** The load spec of one model: `LoadOf<'open'>` is OpenLoad. */
export type LoadOf<M extends ModelName> = Extract<LoadSpec, { model: M }>;

/** Parameterised by its load type; methods (not arrow properties) so a LoadModel<OpenLoad> is a LoadModel. */
export interface LoadModel<L extends LoadSpec = LoadSpec> {
  name: L['model'];
  /** The generator and its version, for the result's environment, e.g. "autocannon 9.0.0 (closed model)". */
  engine(): string;
  /** How many user identities to log in before the run. */
  identities(load: L): number;
  /** The most connections this load opens: what the server has to accept. */
  peakConnections(load: L): number;
  /** The same load held at its peak for `durationMs`, of which `warmupMs` warm up. */
  atPeak(load: L, durationMs: number, warmupMs: number): L;
  /** A few words for people: "10 connections", "40 flows/s (open model)". */
  summary(load: L): string;
  /** Drives the measured load; resolves when it has run (or was aborted). */
  run(ctx: DriverContext, load: L): Promise<DriverOutcome>;
}
