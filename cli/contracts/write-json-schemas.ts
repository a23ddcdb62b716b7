// `npm run schema`: writes scenarios/scenario.schema.json and schemas/*.schema.json from the zod
// schemas, so editors and other tools check files against exactly what zimmer-bench enforces and
// writes. Unit tests fail when a committed file differs from what this produces.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../version.js';
import { scenarioJsonSchemaText } from '../plan/schema.js';
import { documentSchemaFiles } from './documents.js';

const files = [{ file: 'scenarios/scenario.schema.json', text: scenarioJsonSchemaText }, ...documentSchemaFiles()];
for (const { file, text } of files) {
  const out = resolve(PACKAGE_ROOT, file);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text());
  process.stdout.write(`wrote ${file}\n`);
}
