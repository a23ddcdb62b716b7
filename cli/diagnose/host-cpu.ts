// Reads this machine's CPU accounting from /proc (Linux): the whole machine's busy and stolen time,
// and a process's CPU and run-queue wait. A target listening on this machine is found by its
// listening socket (/proc/net/tcp* inode -> /proc/PID/fd), so its CPU can be read even in black-box
// mode. Everything returns null where /proc is missing or not readable: callers then say "unknown".
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { cpus } from 'node:os';

/** Kernel clock ticks per second for /proc/stat and /proc/PID/stat (USER_HZ, 100 on Linux). */
const TICKS = 100;

export interface MachineSample { at: number; busyTicks: number; stealTicks: number; totalTicks: number }

export function machineSample(): MachineSample | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user)
    const [, ...f] = line.trim().split(/\s+/);
    const n = f.slice(0, 8).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = n;
    const busy = user + nice + system + irq + softirq;
    return { at: performance.now(), busyTicks: busy, stealTicks: steal, totalTicks: busy + idle + iowait + steal };
  } catch {
    return null;
  }
}

export interface ProcessSample { at: number; pid: number; cpuTicks: number; threads: Map<number, number>; mainRunNs: number }

/** utime + stime of the process, and each thread's run + run-queue wait (ns, /proc/PID/task/TID/schedstat). */
export function processSample(pid: number): ProcessSample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields count from after it.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuTicks = Number(rest[11]) + Number(rest[12]);
    const threads = new Map<number, number>();
    let mainRunNs = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const [run = '0', wait = '0'] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(/\s+/);
        threads.set(Number(tid), Number(run) + Number(wait));
        if (Number(tid) === pid) mainRunNs = Number(run);
      } catch { /* the thread ended */ }
    }
    return { at: performance.now(), pid, cpuTicks, threads, mainRunNs };
  } catch {
    return null;
  }
}

export function machineDelta(a: MachineSample, b: MachineSample): { busyCores: number; steal: number; windowMs: number } {
  const total = Math.max(1, b.totalTicks - a.totalTicks);
  const cores = cpus().length;
  return {
    busyCores: ((b.busyTicks - a.busyTicks) / total) * cores,
    steal: (b.stealTicks - a.stealTicks) / total,
    windowMs: b.at - a.at,
  };
}

export function processDelta(a: ProcessSample, b: ProcessSample): { cpu: number; demand: number; mainThread: number; mainRun: number } {
  const wallNs = Math.max(1, (b.at - a.at) * 1e6);
  let demandNs = 0;
  let main = 0;
  for (const [tid, ns] of b.threads) {
    const d = ns - (a.threads.get(tid) ?? ns);
    demandNs += d;
    if (tid === b.pid) main = d;
  }
  return {
    cpu: (b.cpuTicks - a.cpuTicks) / TICKS / ((b.at - a.at) / 1000),
    demand: demandNs / wallNs,
    mainThread: Math.min(1, main / wallNs),
    mainRun: Math.min(1, (b.mainRunNs - a.mainRunNs) / wallNs),
  };
}

export { isLocalHost } from '../core/hosts.js';

/** Connections established to this machine's TCP `port` (the server's side of each), or null without /proc. */
export function establishedTo(port: number): number | null {
  let n = 0;
  let read = false;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try { text = readFileSync(file, 'utf8'); read = true; } catch { continue; }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // State 01 is ESTABLISHED; the server's side has the listening port as its local port.
      if (f[3] === '01' && Number.parseInt(f[1]?.split(':')[1] ?? '', 16) === port) n++;
    }
  }
  return read ? n : null;
}

/** The process listening on TCP `port` on this machine, by the inode of its listening socket; null when not visible. */
export function pidListeningOn(port: number): number | null {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try { text = readFileSync(file, 'utf8'); } catch { continue; }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT, state 0A is LISTEN, the inode is field 9.
      const local = f[1];
      if (!local || f[3] !== '0A') continue;
      if (Number.parseInt(local.split(':')[1] ?? '', 16) === port && f[9] && f[9] !== '0') inodes.add(f[9]);
    }
  }
  if (inodes.size === 0) return null;
  let pids: string[];
  try { pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)); } catch { return null; }
  for (const pid of pids) {
    let fds: string[];
    try { fds = readdirSync(`/proc/${pid}/fd`); } catch { continue; }
    for (const fd of fds) {
      try {
        const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
        const m = /^socket:\[(\d+)\]$/.exec(link);
        if (m && inodes.has(m[1] ?? '')) return Number(pid);
      } catch { /* closed meanwhile */ }
    }
  }
  return null;
}
