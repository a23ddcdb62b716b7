// The auth path's failing dependency: a mail host on a loopback socket that accepts connections and
// never says a word (an overloaded or half-dead MTA). A client that waits for the SMTP greeting waits
// until its own deadline; nothing here sleeps, the silence is the mechanism.
import { startLoopbackHost, type LoopbackHost } from '../faults/loopback-host.js';

export type SilentMailHost = LoopbackHost;

export function startSilentMailHost(): Promise<SilentMailHost> {
  // Read and drop whatever the client sends; never write.
  return startLoopbackHost('silent mail host', (socket) => socket.resume());
}
