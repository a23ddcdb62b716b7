// YAML text -> document and plain data, with every syntax problem located, in time and memory
// bounded by the text's size: the yaml library's own duplicate-key check compares each key with
// every earlier one (500,000 keys never finish), so keys are checked here with one set per mapping,
// and aliases are expanded under a fixed budget so a few lines cannot grow into gigabytes.
import { isScalar, type Alias, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { ProblemList } from './problems.js';

/** How many alias expansions toJS allows before refusing (the yaml library's own default). */
export const MAX_ALIAS_COUNT = 100;

export interface ParsedYaml {
  doc: Document;
  problems: ProblemList;
  /** Adds a problem at a source offset. */
  at: (offset: number, message: string, hint: string) => void;
}

export function parseYaml(text: string, file: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const problems = new ProblemList(file, doc, lines);
  const at = (offset: number, message: string, hint: string) => {
    const pos = lines.linePos(offset);
    problems.push({ file, line: pos.line, column: pos.col, path: '', message, hint });
  };
  for (const err of doc.errors) {
    at(err.pos[0], `YAML syntax: ${err.message.split('\n')[0]}`, 'check indentation, quotes and colons');
  }
  if (doc.errors.length === 0) {
    for (const offset of duplicateKeys(doc)) {
      at(offset, 'YAML syntax: map keys must be unique (duplicate key)', 'remove or rename the repeated key');
    }
  }
  return { doc, problems, at };
}

/** The source offset of every key that repeats an earlier key of the same mapping. */
function duplicateKeys(doc: Document): number[] {
  const found: number[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = pair.key as Node | null;
        // Same rule as the library's: scalars equal by value (1 and "1" differ), other keys by identity.
        const id = isScalar(key) ? `${typeof key.value}:${String(key.value)}` : null;
        if (id === null) continue;
        if (seen.has(id)) found.push(key?.range?.[0] ?? 0);
        else seen.add(id);
      }
    },
  });
  return found;
}

/**
 * The document as plain data, or null with a located problem when its aliases expand beyond
 * MAX_ALIAS_COUNT (the "billion laughs" pattern).
 */
export function toPlainData(parsed: ParsedYaml): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: parsed.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (err) {
    if (!(err instanceof ReferenceError) || !/alias/i.test(err.message)) throw err;
    const aliases: Alias[] = [];
    visit(parsed.doc, {
      Alias(_, node) {
        aliases.push(node);
        return visit.BREAK;
      },
    });
    const first = aliases[0];
    const offset = first?.range?.[0] ?? 0;
    const name = first ? ` (first alias: *${first.source})` : '';
    parsed.at(offset, `YAML aliases expand beyond ${MAX_ALIAS_COUNT} repeated values${name}`, 'write the values out instead of nesting *aliases');
    return { ok: false };
  }
}
