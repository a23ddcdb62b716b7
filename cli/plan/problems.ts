// Collects scenario problems and places each at its line and column in the YAML source, so the
// user gets `file:line:col: path: message (hint)` for every problem at once.
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { Problem } from '../core/errors.js';

export type PathSegment = string | number;
export type YamlPath = readonly PathSegment[];

/** `['mix', 0, 'run', 1]` -> `mix[0].run[1]`. */
export function formatPath(path: YamlPath): string {
  return path.reduce<string>((out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg), '');
}

/**
 * The source offset of `path`: the value there, or its key when `at` is 'key' (unknown keys), or
 * the deepest existing parent when the path does not exist (missing keys).
 */
function offsetOf(doc: Document, path: YamlPath, at: 'key' | 'value'): number | null {
  let node: unknown = doc.contents;
  let offset: number | null = (node as Node | null)?.range?.[0] ?? null;
  for (const [i, seg] of path.entries()) {
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
      if (!pair) return offset;
      const keyNode = pair.key as Node | null;
      if (last && at === 'key') return keyNode?.range?.[0] ?? offset;
      node = pair.value;
      // `key:` with no value has no node of its own: point at the key.
      offset = (pair.value as Node | null)?.range?.[0] ?? keyNode?.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) return offset;
      node = item;
      offset = item.range?.[0] ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

/** Problems of one file; `add` locates each in the parsed document, if there is one. */
export class ProblemList {
  readonly problems: Problem[] = [];

  constructor(
    readonly file: string,
    private readonly doc: Document | null = null,
    private readonly lines: LineCounter | null = null,
  ) {}

  add(path: YamlPath, message: string, hint?: string, at: 'key' | 'value' = 'value'): void {
    const offset = this.doc ? offsetOf(this.doc, path, at) : null;
    const pos = offset !== null && this.lines ? this.lines.linePos(offset) : null;
    this.problems.push({
      file: this.file,
      line: pos ? pos.line : null,
      column: pos ? pos.col : null,
      path: formatPath(path),
      message,
      ...(hint ? { hint } : {}),
    });
  }

  /** A problem already placed (e.g. a line of a CSV file). */
  push(problem: Problem): void {
    this.problems.push(problem);
  }

  get size(): number {
    return this.problems.length;
  }

  /** Problems in source order, so the output reads top to bottom. */
  sorted(): Problem[] {
    const files = [...new Set(this.problems.map((p) => p.file))];
    return [...this.problems].sort(
      (a, b) => files.indexOf(a.file) - files.indexOf(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
    );
  }
}
