// Compile-time proof that a zod schema and a TypeScript type describe the same document: a
// `Same<z.infer<typeof schema>, Type> = true` line stops compiling when either changes alone.
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
