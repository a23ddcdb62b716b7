// slow-downstream: requesting a verification email holds the request for a full SMTP exchange
// with the (slow) mail host, which receives a message whose token really verifies the address;
// without the fault the message goes to the outbox and no mail host exists.
import { afterEach, describe, expect, it } from 'vitest';
import { slowDownstreamWith } from '../../server/faults/slow-downstream.js';
import type { MailHost } from '../../server/faults/slow-mail-host.js';
import { makeFaultApp, type FaultApp } from './fault-harness.js';

let t: FaultApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const mailSpan = (res: Response) => Number(/(?:^|,\s*)mail;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1] ?? NaN);
const outbox = (app: FaultApp) => app.ctx.sqlite.prepare('SELECT COUNT(*) FROM outbox').pluck().get() as number;

describe('slow-downstream', () => {
  it('waits for the whole SMTP exchange; the mail host gets a message whose token verifies', async () => {
    let host: MailHost | undefined;
    t = await makeFaultApp([slowDownstreamWith({ greetingDelayMs: 40, replyDelayMs: 10 }, (h) => (host = h))]);
    const { access_token } = await t.tokens(1);
    const res = await t.req('POST', '/api/auth/request-email-verify', { token: access_token });
    expect(res.status).toBe(202);
    // Greeting plus six replies (EHLO, MAIL, RCPT, DATA, end of data, QUIT).
    expect(mailSpan(res)).toBeGreaterThanOrEqual(40 + 6 * 10 - 5);
    expect(host?.connections).toBe(1);
    expect(host?.received).toHaveLength(1);
    const mail = host!.received[0]!;
    expect(mail.to).toEqual(['<user1@zimmer.test>']);
    expect(mail.data).toMatch(/^Subject: Verify your email address$/m);
    expect(outbox(t)).toBe(0);
    const token = /^([A-Za-z0-9_-]{43})$/m.exec(mail.data)?.[1];
    expect((await t.req('POST', '/api/auth/verify-email', { body: { token } })).status).toBe(200);
    expect(await (await t.req('GET', '/metrics')).text()).toMatch(/^smtp_exchange_seconds_count\{outcome="sent"\} 1$/m);
  });

  it('answers 502 mail_unavailable when the mail host is gone', async () => {
    let host: MailHost | undefined;
    t = await makeFaultApp([slowDownstreamWith({ greetingDelayMs: 1, replyDelayMs: 1 }, (h) => (host = h))]);
    const { access_token } = await t.tokens(1);
    await host!.close();
    const res = await t.req('POST', '/api/auth/request-email-verify', { token: access_token });
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ error: 'mail_unavailable' });
  });

  it('without the fault queues to the outbox and answers at once', async () => {
    t = await makeFaultApp([]);
    const { access_token } = await t.tokens(1);
    const res = await t.req('POST', '/api/auth/request-email-verify', { token: access_token });
    expect(res.status).toBe(202);
    expect(outbox(t)).toBe(1);
    expect(await (await t.req('GET', '/metrics')).text()).not.toContain('smtp_exchange_seconds');
  });
});
