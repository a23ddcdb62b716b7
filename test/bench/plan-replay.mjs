// Benchmark (on demand, not in CI): the whole action plan replayed on the lab states. Prints the
// table and exits with the replay's own code. `npm run build` first. BENCH_DURATION_S (default 5).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const main = join(import.meta.dirname, '../../dist/cli/main.js');
const duration = `${process.env.BENCH_DURATION_S ?? 5}s`;
const r = spawnSync(process.execPath, [main, 'plan', '--duration', duration, '--out', process.env.BENCH_OUT ?? 'reports'], { stdio: 'inherit' });
process.exitCode = r.status ?? 1;
