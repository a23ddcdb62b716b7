// The signal that a request's client has gone, for work that waits on its behalf (admission).
// `c.req.raw.signal` makes @hono/node-server build the full WHATWG Request (its headers converted,
// an AbortController, a web stream for the body) only to hand over the signal; on a socket the
// same fact is node's: the response closed before it finished writing (the rule @hono/node-server
// applies to its own signal). Measured under a login storm: the Request cost each sign-in more
// than the signal it carried.
import type { Context } from 'hono';
import type { AppEnv } from './env.js';

/** The part of node's ServerResponse this needs. */
export interface NodeResponse {
  readonly destroyed: boolean;
  readonly writableFinished: boolean;
  once(event: 'close', listener: () => void): unknown;
}

const isNodeResponse = (o: unknown): o is NodeResponse =>
  typeof o === 'object' && o !== null && typeof (o as NodeResponse).once === 'function' && 'writableFinished' in o;

/** Aborts when the client goes before its answer is written; the request's own signal off a socket. */
export function clientGone(c: Context<AppEnv>): AbortSignal {
  const outgoing = (c.env as AppEnv['Bindings'] | undefined)?.outgoing;
  if (!isNodeResponse(outgoing)) return c.req.raw.signal;
  const gone = new AbortController();
  if (outgoing.destroyed) {
    if (!outgoing.writableFinished) gone.abort();
  } else {
    outgoing.once('close', () => {
      if (!outgoing.writableFinished) gone.abort();
    });
  }
  return gone.signal;
}
