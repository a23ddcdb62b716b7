// Defensive reads of not-yet-validated YAML data: a wrong type reads as empty, because the schema
// has already reported it and the cross-checks should carry on with what is there.
export type Obj = Record<string, unknown>;

export const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
