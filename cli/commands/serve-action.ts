// The `serve` action: starts the reference server and runs it until SIGTERM/SIGINT (or the parent's
// exit). Loaded by serve.ts only when `serve` runs: it is what brings in SQLite, Hono and argon2.
import { UsageError } from '../core/errors.js';
import { formatMsFixed } from '../core/format.js';
import { EXIT } from '../exit-codes.js';
import { startServer } from '../../server/start.js';
import type { ServerOptions } from '../../server/config.js';
import { missingNodeArgs } from '../../server/faults/catalog.js';
import { LAB_HASH, presetNodeArgs } from '../../server/lab/catalog.js';
import { isReexecChild, onParentGone, reexecWith } from './serve-reexec.js';
import { SEED_EMAIL_PATTERN, SEED_PASSWORD } from '../../server/seed.js';
import { listeningLine } from '../target/listening.js';
import type { AppContext } from '../../server/context.js';
import { DEFAULT_HASH_COST, describeParams } from '../../server/auth/password.js';
import type { ThreadPriority } from '../../server/auth/hash-pool.js';
import { isLoopback } from './serve.js';

/** Says what a login costs, and loudly when --hash-cost put it below OWASP's parameters. */
function hashingLine(ctx: AppContext, threads: ThreadPriority[] | undefined): string {
  const { params, cost, verifyMs } = ctx.hashing;
  const which = cost === DEFAULT_HASH_COST ? " (OWASP's parameters)" : cost > DEFAULT_HASH_COST ? ` (raised by --hash-cost ${cost})` : '';
  const where = threads ? `; ${threadsLine(threads)}` : '';
  const what = `password hashing ${describeParams(params)}${which}, ${formatMsFixed(verifyMs, 1)} a verify here; admission ${ctx.admission.options.concurrency} at once, queue ${ctx.admission.options.queueSize}${where}`;
  return cost < DEFAULT_HASH_COST ? `${what}. LOWERED by --hash-cost ${cost}: below OWASP's minimum (m=19 MiB), for labs only` : what;
}

/**
 * `2 hashing threads at SCHED_IDLE (nice 5 if they starve)`, `2 hashing threads: 1 at SCHED_IDLE
 * (nice 5 if it starves), 1 at nice 5`, or `2 hashing threads at nice 5`.
 */
function threadsLine(threads: ThreadPriority[]): string {
  const idle = threads.filter((t) => t.policy === 'idle').length;
  const nice = Math.max(...threads.map((t) => t.nice));
  const all = `${threads.length} hashing thread${threads.length === 1 ? '' : 's'}`;
  if (idle === 0) return `${all} at nice ${nice}`;
  if (idle === threads.length) return `${all} at SCHED_IDLE (nice ${nice} if they starve)`;
  return `${all}: ${idle} at SCHED_IDLE (nice ${nice} if ${idle === 1 ? 'it starves' : 'they starve'}), ${threads.length - idle} at nice ${nice}`;
}

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(sig);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
    onParentGone(() => on('the parent process exited'));
  });
}

export async function serveAction(opts: ServerOptions): Promise<number> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // A fault that needs node flags (memory-pressure: a small heap) gets them by running serve
  // again with them, unless they were given (any value: the user's choice wins).
  const missing = missingNodeArgs(opts.faults, process.execArgv, process.env.NODE_OPTIONS ?? '', presetNodeArgs(opts.preset));
  if (missing.length > 0 && !isReexecChild()) {
    log(`serve: the fault(s) or preset need node ${missing.join(' ')}; starting the server in a child node process with it`);
    return reexecWith(missing);
  }
  let running;
  try {
    running = await startServer({ ...opts, log });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES') {
      throw new UsageError(`serve: cannot listen on ${opts.host}:${opts.port} (${code}); choose another --port/--host`);
    }
    throw err;
  }
  if (!opts.jwtSecret) log('serve: ZIMMER_JWT_SECRET not set; generated a random signing key (tokens die with this process)');
  log(`serve: database ${running.dbPath}${opts.db === undefined ? ' (temporary, removed on exit)' : ''}`);
  if (opts.seedUsers > 0) log(`serve: ${opts.seedUsers} fixture users ${SEED_EMAIL_PATTERN} / ${SEED_PASSWORD} (${running.seeded} new)`);
  log(`serve: ${hashingLine(running.ctx, await running.ctx.hashEngine?.priorities())}`);
  if (!isLoopback(opts.host) && !opts.metricsToken) {
    log(`serve: WARNING listening on ${opts.host}, beyond loopback, and GET /metrics is open to anyone who can reach it; it is internal (process and traffic details): set --metrics-token or keep the server on 127.0.0.1`);
  }
  log(`serve: faults: ${opts.faults.length ? opts.faults.join(', ') : 'none'}${opts.preset ? `; preset: ${opts.preset} (hashing as the state declares it: ${LAB_HASH.algorithm} N=2^${LAB_HASH.log2N})` : ''}`);
  // Listen for the stop signal before saying "listening": a parent may send it as soon as it reads
  // the line, and a signal that came first would kill the process without closing the server.
  const signalled = waitForSignal();
  process.stdout.write(`${listeningLine(running.url)}\n`);

  const sig = await signalled;
  log(`serve: ${sig.startsWith('SIG') ? `${sig} received` : sig}, finishing in-flight requests`);
  await running.close();
  log('serve: stopped');
  return EXIT.OK;
}
