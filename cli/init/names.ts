// Request names for the operations of an API document: short enough to read in a table. An
// operationId a person chose (listPets, profile_get) is kept; one a framework made up from the
// function, path and method (FastAPI's read_item_items__item_id__get) becomes the method and the
// last segments of the path (get_item_id), as few as keep the names apart. Readable: at most 24
// characters, no `__`, and not FastAPI's default pattern.
import type { Operation } from './operations.js';

/** Longer than this, or with a double underscore, an operationId reads as generated. */
const READABLE_ID = /^[A-Za-z][A-Za-z0-9_-]{0,23}$/;

const clean = (s: string): string => s.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/_+/g, '_').replace(/^_+|_+$/g, '');

/** `get`, then `get_me`, `get_users_me`...: the method and the last `depth` segments of the path. */
function fromPath(op: Operation, depth: number): string {
  const segments = op.path.split('/').map((s) => clean(s.replace(/^\{(.+)\}$/, '$1'))).filter(Boolean);
  return [op.method.toLowerCase(), ...segments.slice(Math.max(0, segments.length - depth))].join('_');
}

/** FastAPI's default: the function's name, the path with every non-word character as `_`, the method. */
const fastApiId = (op: Operation): string => `${op.path.replace(/\W/g, '_')}_${op.method.toLowerCase()}`;

const isReadable = (op: Operation): boolean => typeof op.operationId === 'string' && READABLE_ID.test(op.operationId)
  && !op.operationId.includes('__') && !op.operationId.endsWith(fastApiId(op));

/**
 * One name per operation, in order, all different and valid request names. Derived names grow by
 * one path segment at a time where they clash; what still clashes (the same method and path, or a
 * kept id equal to a derived name) gets `_2`, `_3`.
 */
export function requestNames(ops: readonly Operation[], reserved: readonly string[] = []): string[] {
  const depth = ops.map(() => 1);
  const segmentsOf = (op: Operation) => op.path.split('/').filter(Boolean).length;
  const draft = (i: number): string => (isReadable(ops[i]!) ? ops[i]!.operationId! : fromPath(ops[i]!, depth[i]!));
  for (let round = 0; round < 20; round++) {
    const names = ops.map((_op, i) => draft(i));
    let grew = false;
    names.forEach((name, i) => {
      const clash = names.some((other, j) => j !== i && other === name);
      if (clash && !isReadable(ops[i]!) && depth[i]! < segmentsOf(ops[i]!)) { depth[i]!++; grew = true; }
    });
    if (!grew) break;
  }
  const taken = new Set(reserved);
  return ops.map((_op, i) => {
    const base = clean(draft(i)).replace(/^(?=[0-9-])/, 'op_') || 'op';
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    return name;
  });
}
