// Writes scenarios/scenario.schema.json from the zod schema (`npm run schema`), so editors check
// scenario files against exactly what the validator enforces. A unit test fails when it is stale.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PACKAGE_ROOT } from '../version.js';
import { scenarioJsonSchemaText } from './schema.js';

const out = resolve(PACKAGE_ROOT, 'scenarios', 'scenario.schema.json');
writeFileSync(out, scenarioJsonSchemaText());
process.stdout.write(`wrote ${out}\n`);
