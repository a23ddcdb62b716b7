// What both live-export tests measure: a loopback API with one endpoint that answers and one that
// refuses (401, so an error class shows up in the export), and the short closed run against it.
import { startServer, type TestServer } from './cli-harness.js';

export async function exportedApi(defer: (fn: () => Promise<void>) => void): Promise<TestServer> {
  const server = await startServer((req, res) => {
    req.resume();
    if (req.url === '/refresh') { res.writeHead(401); return res.end(); }
    res.end('{"ok":true}');
  });
  defer(() => server.close());
  return server;
}

export const exportScenario = (name: string, target: string) => `name: ${name}
target: ${target}
requests:
  ok: { method: GET, path: /ok }
  refresh: { method: POST, path: /refresh, body: {}, expect: { status: 200 } }
load: { model: closed, connections: 2, duration: 2s, warmup: 0s }
targets:
  overall: ["p95 < 1s"]
`;
