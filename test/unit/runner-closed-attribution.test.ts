// Pins the autocannon 9 client behaviour that ClientProbe relies on, so an upgrade that changes it
// fails here rather than silently mislabelling requests.
import { afterEach, expect, it } from 'vitest';
import autocannon from 'autocannon';
import { startServer, type TestServer } from './runner-fixtures.js';

let server: TestServer | null = null;
afterEach(async () => { await server?.close(); server = null; });

interface Req { path: string; setupRequest?: unknown; onResponse?: unknown }
interface Client {
  timeout: number;
  requestIterator: { currentRequest: Req };
  on(e: string, f: (...a: unknown[]) => void): void;
}

it('names the completed request at "response" and the timed-out one at the "request" before "timeout"', async () => {
  server = await startServer((req, res) => {
    if (req.url === '/hang') return;
    res.end(req.url);
  });
  const events: string[] = [];
  const bodies: string[] = [];
  const requests = ['/a', '/b', '/hang'].map((path) => ({
    method: 'GET', path,
    onResponse: (_status: number, body: string) => { bodies.push(body); },
  }));
  await new Promise<void>((resolve, reject) => {
    const inst = autocannon({
      url: server!.url, connections: 1, duration: 3, requests: requests as never,
      setupClient: ((client: Client) => {
        client.timeout = 200;
        client.on('request', () => events.push(`request:${client.requestIterator.currentRequest.path}`));
        client.on('response', () => events.push(`response:${client.requestIterator.currentRequest.path}:${bodies.at(-1)}`));
        client.on('timeout', () => events.push('timeout'));
      }) as never,
    }, (err) => (err ? reject(err) : resolve()));
    setTimeout(() => inst.stop(), 500);
  });
  // The first 'request' is emitted before anything is sent; each later one still shows the request
  // that just ended, because the next one is chosen after the event.
  expect(events.slice(0, 7)).toEqual([
    'request:/a',
    'response:/a:/a', 'request:/a',
    'response:/b:/b', 'request:/b',
    'request:/hang', 'timeout',
  ]);
});
