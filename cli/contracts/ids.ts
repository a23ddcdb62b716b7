// Where the JSON Schemas of the documents are published: `schemas/<name>.schema.json` inside the
// npm package of this version, as unpkg serves it (the same rule as the scenario schema's URL).
import { VERSION } from '../version.js';

export const SCHEMAS_FOLDER = 'schemas';

export function documentId(name: string): string {
  return `https://unpkg.com/zimmer-bench@${VERSION}/${SCHEMAS_FOLDER}/${name}.schema.json`;
}
