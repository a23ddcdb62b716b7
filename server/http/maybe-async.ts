// Values that are sometimes ready now and sometimes later: the database is called synchronously
// (better-sqlite3) unless a fault or the lab puts a connection pool in front of it. Awaiting a
// ready value still costs a promise and a turn of the microtask queue; on GET /api/me, where every
// step is ready, those turns and their garbage were a measurable share of the request's CPU.
export type MaybeAsync<T> = T | Promise<T>;

export const isPromise = <T>(v: MaybeAsync<T>): v is Promise<T> => v instanceof Promise;

/** f(v) now when v is ready, after it settles when it is a promise. */
export function andThen<T, R>(v: MaybeAsync<T>, f: (value: T) => R): R | Promise<Awaited<R>> {
  return isPromise(v) ? (v.then(f) as Promise<Awaited<R>>) : f(v);
}
