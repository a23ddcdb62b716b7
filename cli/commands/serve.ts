// `zimmer-bench serve`: runs the bundled reference server until SIGTERM/SIGINT. Prints exactly
// one stdout line once listening (other commands spawn it and parse that line); everything
// else goes to stderr.
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { EXIT } from '../exit-codes.js';
import { startServer } from '../../server/start.js';
import { DEFAULT_SERVER_OPTIONS, validateServerOptions, type ServerOptions } from '../../server/config.js';
import { FAULTS, missingNodeArgs } from '../../server/faults/index.js';
import { LAB_HASH, PRESETS, presetNodeArgs } from '../../server/lab/catalog.js';
import { isReexecChild, onParentGone, reexecWith } from './serve-reexec.js';
import { SEED_EMAIL_PATTERN, SEED_PASSWORD } from '../../server/seed.js';
import { LISTENING_PREFIX, listeningLine } from '../target/listening.js';
import { faultOption } from './target-options.js';
import type { AppContext } from '../../server/context.js';
import { DEFAULT_HASH_COST, describeParams } from '../../server/auth/password.js';


interface RawOptions {
  port: string;
  host: string;
  db?: string;
  seedUsers: string;
  hashCost: string;
  metricsToken?: string;
  fault: string[];
  preset?: string;
}

export function toServerOptions(raw: RawOptions, env: NodeJS.ProcessEnv): ServerOptions {
  const problems: string[] = [];
  // Strict integers only: "8080" yes, "80x", "1e3" or "" no. A bad one is reported with the
  // text given and replaced by its default so it isn't reported twice.
  const int = (flag: string, text: string, fallback: number): number => {
    if (/^\d+$/.test(text.trim())) return Number(text);
    problems.push(`${flag} ${JSON.stringify(text)}: not a whole number`);
    return fallback;
  };
  const d = DEFAULT_SERVER_OPTIONS;
  const opts: ServerOptions = {
    port: int('--port', raw.port, d.port),
    host: raw.host,
    db: raw.db,
    seedUsers: int('--seed-users', raw.seedUsers, d.seedUsers),
    hashCost: int('--hash-cost', raw.hashCost, d.hashCost),
    faults: raw.fault,
    ...(raw.preset !== undefined ? { preset: raw.preset } : {}),
    jwtSecret: env.ZIMMER_JWT_SECRET || undefined,
    metricsToken: raw.metricsToken ?? (env.ZIMMER_METRICS_TOKEN || undefined),
  };
  problems.push(...validateServerOptions(opts));
  if (problems.length) throw new UsageError(`serve: ${problems.join('; ')}`);
  return opts;
}

/** 127.0.0.0/8, ::1 and localhost reach only this machine. */
export function isLoopback(host: string): boolean {
  return /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1' || host === '[::1]' || host === 'localhost';
}

/** Says what a login costs, and loudly when --hash-cost put it below OWASP's parameters. */
function hashingLine(ctx: AppContext): string {
  const { params, cost, verifyMs } = ctx.hashing;
  const what = `password hashing ${describeParams(params)}, ${verifyMs.toFixed(1)} ms a verify here; admission ${ctx.admission.options.concurrency} at once, queue ${ctx.admission.options.queueSize}`;
  if (cost < DEFAULT_HASH_COST) return `${what}. LOWERED by --hash-cost ${cost}: below OWASP's minimum (m=19 MiB), for labs only`;
  return cost > DEFAULT_HASH_COST ? `${what} (raised by --hash-cost ${cost})` : `${what} (OWASP's parameters)`;
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

async function serveAction(raw: RawOptions): Promise<number> {
  const opts = toServerOptions(raw, process.env);
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
  log(`serve: ${hashingLine(running.ctx)}`);
  if (!isLoopback(opts.host) && !opts.metricsToken) {
    log(`serve: WARNING listening on ${opts.host}, beyond loopback, and GET /metrics is open to anyone who can reach it; it is internal (process and traffic details): set --metrics-token or keep the server on 127.0.0.1`);
  }
  log(`serve: faults: ${opts.faults.length ? opts.faults.join(', ') : 'none'}${opts.preset ? `; preset: ${opts.preset} (hashing as the state declares it: ${LAB_HASH.algorithm} N=2^${LAB_HASH.log2N})` : ''}`);
  process.stdout.write(`${listeningLine(running.url)}\n`);

  const sig = await waitForSignal();
  log(`serve: ${sig.startsWith('SIG') ? `${sig} received` : sig}, finishing in-flight requests`);
  await running.close();
  log('serve: stopped');
  return EXIT.OK;
}

export function register(program: Command): void {
  const width = Math.max(...FAULTS.map((f) => f.name.length));
  const presetWidth = Math.max(...PRESETS.map((p) => p.name.length));
  const presetList = PRESETS.map((p) => `  ${p.name.padEnd(presetWidth)}  ${p.milestone}: ${p.summary}`).join('\n');
  const faultList = FAULTS.map((f) => `  ${f.name.padEnd(width)}  ${f.summary}`).join('\n');
  program
    .command('serve')
    .description('Run the bundled reference server (the seven endpoints, for real) until SIGTERM/SIGINT')
    .option('--port <port>', 'TCP port; 0 picks a free one', String(DEFAULT_SERVER_OPTIONS.port))
    .option('--host <host>', 'interface to bind', DEFAULT_SERVER_OPTIONS.host)
    .option('--db <path>', 'SQLite file (default: a fresh temporary file, removed on exit; or :memory:)')
    .option('--seed-users <n>', `create fixture users ${SEED_EMAIL_PATTERN}, n = 1..N`, String(DEFAULT_SERVER_OPTIONS.seedUsers))
    .option('--hash-cost <level>', "password hashing: 14 = OWASP's argon2id (m=19 MiB, t=2, p=1); each level below halves the memory (labs only)", String(DEFAULT_SERVER_OPTIONS.hashCost))
    .option('--metrics-token <token>', 'GET /metrics then needs Authorization: Bearer <token> (>= 16 bytes; or ZIMMER_METRICS_TOKEN); /metrics is internal')
    .addOption(faultOption('reproduce a cause of timeouts (repeatable; names below)'))
    .option('--preset <name>', 'run a lab state of the action plan (names below; docs/reference-server.md)')
    .addHelpText('after', `\nFaults:\n${faultList}\n\nPresets (lab states of the action plan):\n${presetList}\n\nPrints one stdout line when ready: "${LISTENING_PREFIX}http://HOST:PORT".\nZIMMER_JWT_SECRET (>= 32 bytes) fixes the token signing key; otherwise one is generated.\n`)
    .action(async (raw: RawOptions) => {
      process.exitCode = await serveAction(raw);
    });
}
