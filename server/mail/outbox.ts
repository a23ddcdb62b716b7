// The outbox: messages the default mailer queues, handed to a transport by drainOutbox. A message
// may carry one secret (an email-verify token) kept apart from its text, which holds SECRET_MARK in
// its place: the secret is stored only until the message is sent, then cleared, so a sent row
// (and a copy of the database) holds no usable token. Unsent rows whose token has expired anyway
// are dropped by the purge (server/maintenance.ts).
import type { AppContext, MailMessage } from '../context.js';

export const SECRET_MARK = '{{secret}}';

/** The text a recipient reads: the secret put back in its place. */
export function mailText(m: Pick<MailMessage, 'body' | 'secret'>): string {
  return m.secret === undefined ? m.body : m.body.replace(SECRET_MARK, m.secret);
}

/** Delivers a message out of the process (SMTP, an API); throws when it could not. */
export type MailTransport = (m: { to: string; subject: string; text: string }) => Promise<void>;

export interface DrainResult {
  sent: number;
  failed: number;
}

/**
 * Sends up to `limit` queued messages, oldest first, one at a time; each sent row is marked and
 * its secret cleared at once. A failed send stays queued for the next drain.
 */
export async function drainOutbox(ctx: AppContext, transport: MailTransport, limit: number): Promise<DrainResult> {
  const rows = await ctx.data.run((repo) => repo.email.pending(limit));
  const out: DrainResult = { sent: 0, failed: 0 };
  for (const r of rows) {
    try {
      await transport({ to: r.to_addr, subject: r.subject, text: mailText({ body: r.body, secret: r.secret ?? undefined }) });
    } catch (err) {
      out.failed++;
      ctx.log(`outbox: message ${r.id} not sent: ${(err as Error).message}`);
      continue;
    }
    await ctx.data.run((repo) => repo.email.markSent(r.id, ctx.clock.now()));
    out.sent++;
  }
  return out;
}
