// A mail host on a loopback socket that speaks enough SMTP (RFC 5321) for one message per
// connection, and answers the way a distant, busy mail server does: a pause before the greeting
// and before every reply. It stands in for the remote host; the delays are its network and
// queue time, never the reference server's own.
import { startLoopbackHost, type LoopbackHost } from './loopback-host.js';

export interface MailHostOptions {
  greetingDelayMs: number;
  replyDelayMs: number;
}

export interface ReceivedMail {
  from: string;
  to: string[];
  data: string;
}

export interface MailHost extends LoopbackHost {
  /** Messages accepted so far (oldest first). */
  received: ReceivedMail[];
}

const HOSTNAME = 'mail.zimmer.test';

export async function startSlowMailHost(o: MailHostOptions): Promise<MailHost> {
  const received: ReceivedMail[] = [];
  const host = await startLoopbackHost('mail host', (socket) => {
    socket.setEncoding('utf8');
    const reply = (text: string, delayMs = o.replyDelayMs, end = false) =>
      setTimeout(() => {
        if (socket.destroyed) return;
        socket.write(`${text}\r\n`);
        if (end) socket.end();
      }, delayMs);

    let buffer = '';
    let inData = false;
    let mail: ReceivedMail = { from: '', to: [], data: '' };
    const onLine = (line: string) => {
      if (inData) {
        if (line === '.') {
          inData = false;
          received.push(mail);
          reply(`250 2.0.0 OK queued as ${received.length}`);
          mail = { from: '', to: [], data: '' };
        } else {
          mail.data += `${line.startsWith('..') ? line.slice(1) : line}\n`; // undo dot-stuffing
        }
        return;
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO' || verb === 'HELO') reply(`250-${HOSTNAME}\r\n250 SIZE 1048576`);
      else if (verb === 'MAIL') (mail.from = line.slice(10).trim()), reply('250 2.1.0 OK');
      else if (verb === 'RCPT') mail.to.push(line.slice(8).trim()), reply('250 2.1.5 OK');
      else if (verb === 'DATA') (inData = true), reply('354 End data with <CR><LF>.<CR><LF>');
      else if (verb === 'RSET' || verb === 'NOOP') reply('250 2.0.0 OK');
      else if (verb === 'QUIT') reply('221 2.0.0 Bye', o.replyDelayMs, true);
      else reply('500 5.5.2 Command not recognized');
    };
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let i: number;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        onLine(buffer.slice(0, i));
        buffer = buffer.slice(i + 2);
      }
    });
    reply(`220 ${HOSTNAME} ESMTP ready`, o.greetingDelayMs);
  });

  // The host itself, not a copy: `connections` is a live getter.
  return Object.assign(host, { received });
}
