// `zimmer-bench serve`: runs the bundled reference server until SIGTERM/SIGINT. Prints exactly
// one stdout line once listening (other commands spawn it and parse that line); everything
// else goes to stderr. The server itself (SQLite, Hono, argon2, the faults' mechanisms) is loaded
// by the action (serve-action.ts) only, so that every other command starts without it.
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { DEFAULT_SERVER_OPTIONS, validateServerOptions, type ServerOptions } from '../../server/config.js';
import { FAULTS } from '../../server/faults/catalog.js';
import { PRESETS } from '../../server/lab/catalog.js';
import { SEED_EMAIL_PATTERN } from '../../server/seed.js';
import { LISTENING_PREFIX } from '../target/listening.js';
import { faultOption } from './target-options.js';

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

export { isLoopback } from '../core/hosts.js';

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
      const { serveAction } = await import('./serve-action.js');
      process.exitCode = await serveAction(toServerOptions(raw, process.env));
    });
}
