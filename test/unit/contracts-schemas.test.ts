// The published JSON Schemas of the documents (schemas/*.schema.json): each is exactly what the zod
// schema produces (`npm run schema` after a change), has its published URL as `$id`, ships in the
// package, and is a schema strict ajv accepts. That written files validate: test/e2e/cli-documents-schema.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_SCHEMAS, documentSchemaFiles } from '../../cli/contracts/documents.js';
import { documentId } from '../../cli/contracts/ids.js';
import { runDocumentSchema } from '../../cli/contracts/run-document.js';
import { PACKAGE_ROOT } from '../../cli/version.js';

const pkg = JSON.parse(await readFile(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { name: string; version: string; files: string[] };

describe('schemas/*.schema.json', () => {
  it.each(documentSchemaFiles())('$file is the committed output of its zod schema', async ({ file, text }) => {
    expect(await readFile(join(PACKAGE_ROOT, file), 'utf8')).toBe(text());
  });

  it('holds one file per document and nothing else, shipped in the package', async () => {
    const names = (await readdir(join(PACKAGE_ROOT, 'schemas'))).sort();
    expect(names).toEqual(Object.keys(DOCUMENT_SCHEMAS).map((n) => `${n}.schema.json`).sort());
    expect(pkg.files).toContain('schemas');
  });

  it.each(Object.keys(DOCUMENT_SCHEMAS))('%s has its published URL as $id and compiles under strict ajv', (name) => {
    const file = documentSchemaFiles().find((f) => f.file === `schemas/${name}.schema.json`)!;
    const schema = JSON.parse(file.text()) as { $id: string; additionalProperties: boolean };
    expect(schema.$id).toBe(documentId(name));
    expect(schema.$id).toBe(`https://unpkg.com/${pkg.name}@${pkg.version}/schemas/${name}.schema.json`);
    expect(schema.additionalProperties).toBe(false);
    expect(() => new Ajv({ strict: true }).compile(schema)).not.toThrow();
  });

  it('the results schema refuses what a reader would misread: a field it does not know, a wrong verdict', async () => {
    const check = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(documentSchemaFiles()[0]!.text()) as object);
    const fixture = JSON.parse(await readFile(join(PACKAGE_ROOT, 'test/fixtures/results-phase1-pass.json'), 'utf8')) as Record<string, unknown>;
    const evaluation = { verdict: 'pass', outcomes: [], invalidReasons: [] };
    expect(check({ ...fixture, evaluation }), JSON.stringify(check.errors)).toBe(true);
    expect(runDocumentSchema.safeParse({ ...fixture, evaluation }).success).toBe(true);
    expect(check(fixture)).toBe(false);
    expect(check({ ...fixture, evaluation: { ...evaluation, verdict: 'ok' } })).toBe(false);
    expect(check({ ...fixture, evaluation, extra: 1 })).toBe(false);
  });
});
