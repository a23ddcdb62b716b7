// The zod schema of the diagnosis document (diagnose/types.ts DiagnosisDocument, zimmer-bench/diagnosis@1):
// the diagnosis with its facts worded (render/diagnosis-json.ts), observations included, so a saved
// diagnosis can be re-judged by another tool.
import { z } from 'zod';
import { CAUSE_NAMES, DIAGNOSIS_SCHEMA, type DiagnosisDocument } from '../diagnose/types.js';
import { documentId } from './ids.js';
import type { Same } from './same.js';

const n = z.number();
const count = z.number().int().nonnegative();
const nullable = z.number().nullable();
const causeName = z.enum(CAUSE_NAMES);
const experimentKind = z.enum(['alone', 'sweep', 'mix']);
const target = z.object({ url: z.string(), bundled: z.boolean(), faults: z.array(z.string()) });

const spread = z.object({ p50: n, p90: n, p95: n, p99: n, max: n });

const endpoint = z.object({
  name: z.string(), method: z.string(), path: z.string(),
  attempted: count, errors: count, errorRate: n, timeouts: count,
  status5xx: count, status429: count, status503: count, refused: count, reset: count, otherErrors: count,
  rps: n, latency: spread, min: n, atLeast: z.boolean(),
});

const probe = z.object({
  probe: z.enum(['health', 'auth-read', 'invalid-token']),
  path: z.string(), samples: count, errors: count, total: spread, floor: n,
  ttfbP50: n, queuedP50: n, serverP50: nullable, serverFloor: nullable, spans: z.record(z.string(), n),
});

const serverWindow = z.object({
  windowMs: n, eventLoopLagP99Ms: nullable, eventLoopLagMaxMs: nullable, elu: nullable, cpu: nullable,
  gcCount: nullable, gcTotalMs: nullable, gcMajorCount: nullable, gcLongCount: nullable,
  heapUsedBytes: nullable, heapLimitBytes: nullable, inFlightMax: nullable,
  admissionQueueMax: nullable, admissionActiveMax: nullable, admissionShed: nullable,
  poolWaitingMax: nullable, poolInUseMax: nullable, poolSize: nullable,
});

const noise = z.object({
  windowMs: n, generatorCpu: n, generatorLoopP99Ms: n, generatorLoopMaxMs: n,
  machineBusy: nullable, othersCpu: nullable, steal: nullable, cores: count,
});

const cpuWindow = z.object({ pid: count, cpu: n, demand: n, mainThread: n, mainRun: n });

const experiment = z.object({
  id: z.string(), kind: experimentKind, flow: z.string().nullable(), connections: count,
  measuredMs: n, tookMs: n, partial: z.boolean(), valid: z.boolean(),
  endpoints: z.array(endpoint), overall: endpoint,
  timeline: z.array(z.object({ p50: n, p99: n })),
  probes: z.array(probe), server: serverWindow.nullable(), targetsMissed: z.array(z.string()),
  noise: noise.nullable(), serverCpu: cpuWindow.nullable(), generatorReasons: z.array(z.string()),
});

const unrun = z.object({
  id: z.string(), kind: experimentKind, flow: z.string().nullable(), connections: count,
  status: z.enum(['skipped', 'failed']), reason: z.string(), httpStatus: z.number().int().nullable(),
  server: serverWindow.nullable(),
});

const rejections = z.object({
  endpoint: z.string(),
  sent: count,
  rejected: z.array(z.object({
    status: n, ms: n, server: z.string().nullable(), via: z.string().nullable(),
    retryAfter: z.string().nullable(), contentType: z.string().nullable(), body: z.string(),
  })),
  accepted: z.array(z.object({ status: n, ms: n, server: z.string().nullable(), via: z.string().nullable(), contentType: z.string().nullable() })),
});

const recovery = z.object({ endpoint: z.string(), intervalMs: n, steps: z.array(z.object({ at: n, status: n, ms: n })) });

const connectionProbe = z.object({
  path: z.string(), tried: count, served: count, failed: count,
  firstFailure: z.number().int().nullable(), openAtFailure: z.number().int().nullable(),
  failureKinds: z.record(z.string(), count),
});

const observations = z.object({
  mode: z.enum(['server+client', 'client-only']),
  target: z.object({ url: z.string(), bundled: z.boolean(), local: z.boolean(), pid: z.number().int().nullable() }),
  requests: z.array(z.object({ name: z.string(), method: z.string(), path: z.string(), sendsPassword: z.boolean(), authenticated: z.boolean() })),
  flows: z.array(z.object({ label: z.string(), requests: z.array(z.string()) })),
  idleProbes: z.array(probe),
  idleNoise: noise.nullable(),
  experiments: z.array(experiment),
  unrun: z.array(unrun),
  rejections: rejections.nullable(),
  recovery: recovery.nullable(),
  connectionProbe: connectionProbe.nullable(),
  recheck: z.object({ cause: causeName, experiment: z.string(), confirmed: z.boolean() }).nullable(),
});

const cause = z.object({
  cause: causeName,
  kind: z.enum(['defect', 'protection', 'limit', 'client']),
  endpoints: z.array(z.string()),
  confidence: z.number().min(0).max(1),
  confidenceReason: z.string(),
  evidence: z.array(z.string()),
  fix: z.string(),
});

export const diagnosisSchema = z.object({
  schema: z.literal(DIAGNOSIS_SCHEMA),
  target,
  scenario: z.string(),
  mode: z.enum(['server+client', 'client-only']),
  verdict: z.enum(['healthy', 'found', 'unexplained', 'inconclusive']),
  healthy: z.boolean(),
  inconclusive: z.string().nullable(),
  causes: z.array(cause),
  impact: z.array(z.object({
    cause: causeName, kind: z.enum(['defect', 'protection', 'limit', 'client']), endpoints: z.array(z.string()),
    lostMsPerS: n, share: z.number().min(0).max(1),
  })),
  fixFirst: causeName.nullable(),
  capacity: z.array(z.object({ endpoint: z.string(), connections: nullable, rps: nullable, p95: nullable })),
  experiments: z.array(z.object({
    id: z.string(), kind: experimentKind, flow: z.string().nullable(), connections: count, measuredMs: n,
    rps: n, p50: n, p95: n, errorRate: n, status: z.enum(['ran', 'skipped', 'failed']),
  })),
  notes: z.array(z.string()),
  startedAt: z.string(),
  durationMs: n,
  budgetMs: n,
  partial: z.boolean(),
  observations,
}).meta({
  $id: documentId('diagnosis'),
  title: 'zimmer-bench diagnosis (zimmer-bench/diagnosis@1)',
  description: 'Causes of timeouts named from experiments, with the evidence and every observation behind them.',
});

export const DIAGNOSIS_MATCHES_TYPE: Same<z.infer<typeof diagnosisSchema>, DiagnosisDocument> = true;
