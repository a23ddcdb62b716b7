// `zimmer-bench init [FILE]`: writes a scenario to start from, a commented example, or with
// --from-openapi one built from the API's own document. Never overwrites a file without --force.
import { access, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { exampleScenario } from '../init/example.js';
import { scenarioFromOpenApi } from '../init/from-openapi.js';
import { readOpenApi } from '../init/read-openapi.js';
import { isBundledScenario } from '../plan/bundled.js';
import { parseScenario } from '../plan/load-scenario.js';
import { SCENARIO_SCHEMA_URL } from '../plan/schema.js';
import { parseTargetUrl } from '../runner/target-url.js';
import { PACKAGE_ROOT } from '../version.js';

interface InitOptions { fromOpenapi?: string; only?: string; phase: string; target?: string; force?: boolean }

export function register(program: Command): void {
  program
    .command('init')
    .argument('[file]', 'scenario file to write', 'zimmer.yaml')
    .option('--from-openapi <url|file>', 'build the scenario from an OpenAPI 3.x / Swagger 2 document (FastAPI: http://HOST/openapi.json)')
    .option('--only <operations>', 'comma-separated operationIds (or "GET /path") to keep; default all')
    .option('--phase <name>', 'load and targets of this phase: today, phase1, phase2, phase3', 'phase1')
    .option('--target <url>', 'base URL to write as target: (default: the document\'s server, else where it was fetched from)')
    .option('--force', 'overwrite the file if it exists')
    .description('write a scenario to start from: a commented example, or one built from an OpenAPI document')
    .action(async (file: string, o: InitOptions) => {
      if (!isBundledScenario(o.phase)) throw new UsageError(`--phase "${o.phase}": choose today, phase1, phase2 or phase3`);
      if (o.target !== undefined) parseTargetUrl(o.target);
      if (!o.force && await exists(file)) throw new UsageError(`${file} exists: choose another file name, or add --force to overwrite it`);
      const schemaRef = schemaReference(file);
      let text: string;
      let summary: string;
      let env: string[] = [];
      if (o.fromOpenapi) {
        const read = await readOpenApi(o.fromOpenapi);
        const only = (o.only ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        const built = scenarioFromOpenApi(read, { source: o.fromOpenapi, only, phase: o.phase, schemaRef, ...(o.target ? { target: o.target } : {}) });
        text = built.yaml;
        env = built.env;
        summary = `${built.requests} requests from ${o.fromOpenapi}, ${o.phase} load and targets`;
      } else {
        text = exampleScenario(schemaRef);
        summary = 'a commented example: set target: and the paths';
      }
      // What init writes must validate; a failure here is a bug in init, not in the user's input.
      parseScenario(text, file, { env: Object.fromEntries(env.map((n) => [n, 'placeholder'])) });
      await writeFile(file, text);
      const next = env.length ? `${env.map((n) => `${n}=...`).join(' ')} zimmer-bench run ${file}` : `zimmer-bench run ${file}`;
      process.stdout.write(`wrote ${file}: ${summary}\nnext: ${next}\n`);
    });
}

async function exists(file: string): Promise<boolean> {
  try { await access(file); return true; } catch { return false; }
}

/**
 * The installed schema, relative to where the file goes (it matches this version and works
 * offline); the published URL when running from npx's throw-away cache, which will not last.
 */
function schemaReference(file: string): string {
  const schema = resolve(PACKAGE_ROOT, 'scenarios', 'scenario.schema.json');
  if (PACKAGE_ROOT.includes(`${sep}_npx${sep}`)) return SCENARIO_SCHEMA_URL;
  const rel = relative(dirname(resolve(file)), schema);
  // Climbing to the root to come down again (a checkout elsewhere): the absolute path reads better.
  if (rel.split(sep).filter((p) => p === '..').length >= dirname(resolve(file)).split(sep).length - 1) return schema;
  return rel.startsWith('.') ? rel : `./${rel}`;
}
