// Shared by the runner tests: Scenario objects built directly, and throwaway node:http servers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FlowSpec, LoadSpec, RequestSpec, Scenario } from '../../cli/plan/types.js';

export function request(name: string, path: string, extra: Partial<RequestSpec> = {}): RequestSpec {
  return {
    name, method: 'GET', path, headers: {}, capture: {}, expect: { status: [200], fields: [] }, timeoutMs: 2000,
    ...extra,
  };
}

export function scenario(requests: RequestSpec[], mix: FlowSpec[], load: LoadSpec, extra: Partial<Scenario> = {}): Scenario {
  return {
    name: 'test', description: '', file: null, target: null,
    defaults: { headers: {}, timeoutMs: 2000 }, variables: {}, users: { kind: 'none' }, setup: [],
    requests: Object.fromEntries(requests.map((r) => [r.name, r])),
    mix, load, targets: [],
    ...extra,
  };
}

export const closed = (connections: number, durationMs: number, warmupMs = 0): LoadSpec =>
  ({ model: 'closed', connections, durationMs, warmupMs });

export interface TestServer { url: string; close(): Promise<void>; server: http.Server }

/** A node:http server on 127.0.0.1, port 0. close() also drops kept-alive and hanging sockets. */
export async function startServer(handler: http.RequestListener): Promise<TestServer> {
  const server = http.createServer(handler);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Reads a request body as text. */
export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let s = '';
    req.on('data', (c: Buffer) => { s += c.toString(); });
    req.on('end', () => resolve(s));
  });
}
