// How the verification email leaves the server, in the three states of the plan:
// - inline: the request talks SMTP to the mail host and waits (30 s deadline) for it;
// - breaker: the same call behind a circuit breaker (opossum: closed, open, half-open). Each call has
//   a 1 s deadline; after 3 failures in a row the breaker opens and every call fails at once with
//   503 + Retry-After for 30 s (the plan's `failure_threshold = 3`, `timeout = 30`), then lets one
//   trial through (half-open) and closes again if it succeeds;
// - outbox: the message is queued in the outbox table and the request answers at once (the server's
//   own mailer); delivery is a worker's business, not the request's.
import CircuitBreaker from 'opossum';
import { Gauge } from 'prom-client';
import type { AppContext, Mailer } from '../context.js';
import { ApiError } from '../http/respond.js';
import { sendMail } from '../faults/smtp-client.js';
import { MAIL_FROM } from '../faults/slow-downstream.js';
import { startSilentMailHost, type SilentMailHost } from './mail-blackhole.js';
import { mailText } from '../mail/outbox.js';

export type MailPath = 'inline' | 'breaker' | 'outbox';

export const INLINE_DEADLINE_MS = 30_000;
export const BREAKER = { callDeadlineMs: 1000, failureThreshold: 3, resetMs: 30_000 } as const;

const mailError = () => new ApiError(502, 'mail_unavailable', 'The verification email could not be sent; try again later');

function inlineMailer(ctx: AppContext, host: SilentMailHost, deadlineMs: number): Mailer {
  return {
    async send(m) {
      try {
        await sendMail({ host: '127.0.0.1', port: host.port, timeoutMs: deadlineMs }, { from: MAIL_FROM, to: m.to, subject: m.subject, body: mailText(m) });
      } catch (err) {
        ctx.log(`mail: sending to the mail host failed: ${(err as Error).message}`);
        throw mailError();
      }
    },
  };
}

function breakerMailer(ctx: AppContext, host: SilentMailHost): Mailer {
  const inline = inlineMailer(ctx, host, BREAKER.callDeadlineMs);
  const breaker = new CircuitBreaker((m: Parameters<Mailer['send']>[0]) => inline.send(m), {
    // The call carries its own deadline (the socket is closed at it), so opossum's timer is off.
    timeout: false,
    resetTimeout: BREAKER.resetMs,
    volumeThreshold: BREAKER.failureThreshold,
    errorThresholdPercentage: 50,
    rollingCountTimeout: BREAKER.resetMs,
    allowWarmUp: false,
  });
  const STATE = { closed: 0, open: 1, halfOpen: 2 } as const;
  new Gauge({
    name: 'circuit_breaker_state',
    help: 'State of the circuit breaker in front of the mail host: 0 closed, 1 open, 2 half-open',
    labelNames: ['dependency'] as const,
    registers: [ctx.metrics.registry],
    collect() {
      this.set({ dependency: 'mail' }, breaker.opened ? STATE.open : breaker.halfOpen ? STATE.halfOpen : STATE.closed);
    },
  });
  let openedAt = 0;
  breaker.on('open', () => {
    openedAt = Date.now();
    ctx.log('mail: circuit breaker open');
  });
  return {
    async send(m) {
      try {
        await breaker.fire(m);
      } catch (err) {
        if (err instanceof ApiError) throw err;
        // Open: fail fast, and say when the breaker will let a trial through.
        const retryS = Math.max(1, Math.ceil((openedAt + BREAKER.resetMs - Date.now()) / 1000));
        throw new ApiError(503, 'mail_unavailable', 'Email is unavailable right now; retry later', { headers: { 'Retry-After': String(retryS) } });
      }
    },
  };
}

/** Rewires ctx.mailer for the path; returns what stops the mail host. */
export async function applyMailPath(ctx: AppContext, path: MailPath): Promise<() => Promise<void>> {
  if (path === 'outbox') return async () => undefined; // the server's own mailer: the outbox table
  const host = await startSilentMailHost();
  ctx.mailer = path === 'inline' ? inlineMailer(ctx, host, INLINE_DEADLINE_MS) : breakerMailer(ctx, host);
  return () => host.close();
}
