// slow-downstream: the verification email is sent inline, over SMTP to a mail host that answers
// slowly, instead of being queued to the outbox: the request waits for the whole exchange
// (greeting, EHLO, MAIL, RCPT, DATA, QUIT). The mail host is a loopback socket the process
// starts with the fault (server/faults/slow-mail-host.ts).
import { Histogram } from 'prom-client';
import { ApiError } from '../http/respond.js';
import { startSlowMailHost, type MailHost, type MailHostOptions } from './slow-mail-host.js';
import { sendMail } from './smtp-client.js';
import { MAIL_HOST_DELAYS } from './catalog.js';
import type { Fault } from './types.js';
import { mailText } from '../mail/outbox.js';

export const SEND_TIMEOUT_MS = 30_000;
export const MAIL_FROM = 'no-reply@zimmer.test';

export function slowDownstreamWith(delays: MailHostOptions = MAIL_HOST_DELAYS, onHost?: (host: MailHost) => void): Fault {
  return {
    name: 'slow-downstream',
    async apply(ctx) {
      const host = await startSlowMailHost(delays);
      onHost?.(host);
      const exchange = new Histogram({
        name: 'smtp_exchange_seconds',
        help: 'Time an inline SMTP exchange with the mail host took',
        labelNames: ['outcome'] as const,
        buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers: [ctx.metrics.registry],
      });
      ctx.mailer = {
        async send(m) {
          const t0 = performance.now();
          try {
            await sendMail({ host: '127.0.0.1', port: host.port, timeoutMs: SEND_TIMEOUT_MS }, { from: MAIL_FROM, to: m.to, subject: m.subject, body: mailText(m) });
            exchange.observe({ outcome: 'sent' }, (performance.now() - t0) / 1000);
          } catch (err) {
            exchange.observe({ outcome: 'failed' }, (performance.now() - t0) / 1000);
            ctx.log(`mail: sending to the mail host failed: ${(err as Error).message}`);
            throw new ApiError(502, 'mail_unavailable', 'The verification email could not be sent; try again later');
          }
        },
      };
      return () => host.close();
    },
  };
}

export const slowDownstream = slowDownstreamWith();
