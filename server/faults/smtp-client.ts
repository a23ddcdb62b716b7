// Sends one message over SMTP (RFC 5321): greeting, EHLO, MAIL FROM, RCPT TO, DATA, QUIT,
// waiting for each reply in turn, as a mailer called inline from a request handler does.
import { connect, type Socket } from 'node:net';

export interface SmtpTarget {
  host: string;
  port: number;
  /** Whole-exchange deadline. */
  timeoutMs: number;
}

export interface SmtpMessage {
  from: string;
  to: string;
  subject: string;
  body: string;
}

/** Reads complete replies ("250-..." continuation lines end at "250 ..."). */
function replyReader(socket: Socket): () => Promise<{ code: number; text: string }> {
  let buffer = '';
  let lines: string[] = [];
  const ready: { code: number; text: string }[] = [];
  let waiter: ((r: { code: number; text: string }) => void) | null = null;
  let failure: Error | null = null;
  let failWaiter: ((e: Error) => void) | null = null;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let i: number;
    while ((i = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      lines.push(line);
      if (/^\d{3}(?: |$)/.test(line)) {
        const reply = { code: Number(line.slice(0, 3)), text: lines.join('\n') };
        lines = [];
        if (waiter) waiter(reply), (waiter = null), (failWaiter = null);
        else ready.push(reply);
      }
    }
  });
  const fail = (e: Error) => {
    failure ??= e;
    failWaiter?.(failure);
  };
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('connection closed by the mail host')));
  return () =>
    new Promise((resolve, reject) => {
      const next = ready.shift();
      if (next) return resolve(next);
      if (failure) return reject(failure);
      waiter = resolve;
      failWaiter = reject;
    });
}

export async function sendMail(target: SmtpTarget, m: SmtpMessage): Promise<void> {
  const socket = connect({ host: target.host, port: target.port });
  socket.setTimeout(target.timeoutMs, () => socket.destroy(new Error(`mail host did not answer within ${target.timeoutMs} ms`)));
  const next = replyReader(socket);
  const expect = async (code: number, what: string) => {
    const r = await next();
    if (r.code !== code) throw new Error(`mail host refused ${what}: ${r.text}`);
  };
  const send = async (line: string, code: number) => {
    socket.write(`${line}\r\n`);
    await expect(code, line.split(' ')[0] ?? line);
  };
  try {
    await expect(220, 'the connection');
    await send('EHLO api.zimmer.test', 250);
    await send(`MAIL FROM:<${m.from}>`, 250);
    await send(`RCPT TO:<${m.to}>`, 250);
    await send('DATA', 354);
    const headers = [`From: <${m.from}>`, `To: <${m.to}>`, `Subject: ${m.subject}`, `Date: ${new Date().toUTCString()}`, 'Content-Type: text/plain; charset=utf-8'];
    const body = m.body.split(/\r?\n/).map((l) => (l.startsWith('.') ? `.${l}` : l)); // dot-stuffing
    await send([...headers, '', ...body, '.'].join('\r\n'), 250);
    await send('QUIT', 221);
  } finally {
    socket.destroy();
  }
}
