// How many connections this machine lets one generator open to one target: each is a file
// descriptor (the open-files limit, `ulimit -n`) and a local port (the ephemeral port range). Asking
// for more does not measure the server: sockets fail with EMFILE or EADDRNOTAVAIL and the generator
// floods loopback with reconnects, so the run is refused before it starts.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { ScenarioError } from '../core/errors.js';
import type { Scenario } from '../plan/types.js';

/** Descriptors kept for everything else a run opens: stdio, result files, probes, the metrics scrape. */
export const RESERVED_FDS = 100;

export interface ConnectionLimit {
  /** The most connections a run may ask for. */
  max: number;
  /** What sets it, and how to raise it, in words. */
  because: string;
}

/** The soft and hard open-files limits, from /proc/self/limits or `ulimit -n`; null when unknown. */
export function openFilesLimit(): { soft: number; hard: number | null } | null {
  const num = (s: string | undefined) => (s === 'unlimited' ? Number.POSITIVE_INFINITY : Number(s));
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const [soft, hard] = line?.slice('Max open files'.length).trim().split(/\s+/) ?? [];
    if (soft !== undefined && !Number.isNaN(num(soft))) return { soft: num(soft), hard: hard === undefined ? null : num(hard) };
  } catch {
    // not Linux: ask the shell
  }
  const r = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8', timeout: 2000 });
  const soft = num(r.stdout?.trim());
  return r.status === 0 && !Number.isNaN(soft) ? { soft, hard: null } : null;
}

/** How many local ports one (address, port) target can take, from the kernel's ephemeral range. */
export function ephemeralPorts(): number | null {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return low !== undefined && high !== undefined && high >= low ? high - low + 1 : null;
  } catch {
    return null;
  }
}

/** The connection limit of this machine, or null when neither limit can be read. */
export function connectionLimit(): ConnectionLimit | null {
  const files = openFilesLimit();
  const ports = ephemeralPorts();
  const byFiles = files && Number.isFinite(files.soft) ? Math.max(1, files.soft - RESERVED_FDS) : null;
  if (byFiles !== null && (ports === null || byFiles <= ports)) {
    const hard = files?.hard != null && Number.isFinite(files.hard) ? `, hard limit ${files.hard}` : '';
    return { max: byFiles, because: `the open-files limit is ${files!.soft}${hard} (raise it with ulimit -n) and ${RESERVED_FDS} are kept for the rest of the run` };
  }
  if (ports !== null) return { max: ports, because: `one target has ${ports} local ports (net.ipv4.ip_local_port_range)` };
  return null;
}

/** The problem with asking for `n` connections here, or null when the machine allows it. */
export function connectionProblem(n: number, limit: ConnectionLimit | null = connectionLimit()): string | null {
  if (limit === null || n <= limit.max) return null;
  return `${n} connections is more than this machine allows: at most ${limit.max}, because ${limit.because}`;
}

/** Refuses a scenario whose own load asks for more connections than the machine allows (exit 2). */
export function checkConnections(s: Scenario): void {
  const [key, n] = s.load.model === 'closed' ? ['load.connections', s.load.connections] : ['load.max_connections', s.load.maxConnections];
  const problem = connectionProblem(n);
  if (problem === null) return;
  throw new ScenarioError([{ file: s.file ?? '<scenario>', line: null, column: null, path: key, message: problem, hint: 'ask for fewer connections' }]);
}
