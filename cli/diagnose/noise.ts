// Measures how noisy a window was: the load generator's own CPU and event-loop delay (this process),
// the machine's busy and stolen CPU, and, when the target runs here, its process's CPU and run-queue
// demand. The rules use it to tell the server's doing from the machine's (or the generator's).
import { cpus } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { machineDelta, machineSample, processDelta, processSample } from './host-cpu.js';
import type { CpuWindow, NoiseWindow } from './types.js';

export class NoiseMeter {
  private readonly loop = monitorEventLoopDelay({ resolution: 10 });
  private readonly began = performance.now();
  private readonly cpu0 = process.cpuUsage();
  private readonly machine0 = machineSample();
  private readonly self0 = processSample(process.pid);
  private readonly target0;

  constructor(private readonly targetPid: number | null) {
    this.target0 = targetPid === null ? null : processSample(targetPid);
    this.loop.enable();
  }

  stop(): { noise: NoiseWindow; serverCpu: CpuWindow | null } {
    this.loop.disable();
    const windowMs = Math.max(1, performance.now() - this.began);
    const used = process.cpuUsage(this.cpu0);
    const generatorCpu = (used.user + used.system) / 1000 / windowMs;
    const machine1 = machineSample();
    const target1 = this.targetPid === null ? null : processSample(this.targetPid);
    const serverCpu = this.target0 && target1 ? { pid: this.target0.pid, ...processDelta(this.target0, target1) } : null;
    const m = this.machine0 && machine1 ? machineDelta(this.machine0, machine1) : null;
    // The generator's own share from /proc too when it can (same clock as the machine's).
    const self1 = processSample(process.pid);
    const selfCpu = this.self0 && self1 ? processDelta(this.self0, self1).cpu : generatorCpu;
    const othersCpu = m ? Math.max(0, m.busyCores - selfCpu - (serverCpu?.cpu ?? 0)) : null;
    const p99 = this.loop.percentile(99) / 1e6;
    return {
      noise: {
        windowMs: Math.round(windowMs),
        generatorCpu: round(generatorCpu),
        generatorLoopP99Ms: round(Number.isFinite(p99) ? p99 : 0),
        generatorLoopMaxMs: round(this.loop.max / 1e6),
        machineBusy: m ? round(m.busyCores) : null,
        othersCpu: othersCpu === null ? null : round(othersCpu),
        steal: m ? round(m.steal) : null,
        cores: cpus().length,
      },
      serverCpu: serverCpu ? { pid: serverCpu.pid, cpu: round(serverCpu.cpu), demand: round(serverCpu.demand), mainThread: round(serverCpu.mainThread), mainRun: round(serverCpu.mainRun) } : null,
    };
  }
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
