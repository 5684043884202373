/**
 * SMS leave through the configured gateway (issue 15, item 6), tested against a local HTTP stub standing
 * in for the SMS aggregator and for WhatsApp's Cloud API: a one-time password goes out with its DLT
 * template id, sender header and entity id (or as the approved WhatsApp template with its values); the
 * outbox row is marked sent with the gateway's reference; a message whose template is not registered
 * is never sent unregistered but marked failed with the reason; a refusing gateway fails it too.
 */
import http from 'node:http';
import { afterAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { ApiClient, loggedIn } from '../support/api-client.js';
import { outboxDeliveryJob } from '../../backend/src/jobs/outbox-delivery.job.js';

interface Received {
  path: string;
  auth: string | undefined;
  body: any;
}

/** A gateway stub: records what it gets, answers as `answer` says. */
async function stub(answer: (r: Received) => { status: number; body: unknown }) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      const r = { path: req.url ?? '', auth: req.headers.authorization, body: JSON.parse(data || 'null') };
      received.push(r);
      const a = answer(r);
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const open: Array<{ close(): Promise<unknown> }> = [];
afterAll(async () => {
  for (const o of open.reverse()) await o.close();
});

async function boot(env: Record<string, string>) {
  const system: TestSystem = await bootSystem({ env });
  const db = new pg.Pool({ connectionString: system.db.url, max: 2 });
  open.push({ close: () => system.stop() }, { close: () => db.end() });
  return { system, db };
}

async function outboxRow(db: pg.Pool, mobile: string) {
  let row: any;
  await vi.waitFor(
    async () => {
      row = (
        await db.query(
          `select status, provider_ref, attempts, last_error, template, body from outbox_message where recipient = $1 order by created_at desc limit 1`,
          [mobile],
        )
      ).rows[0];
      expect(row?.status).not.toBe('queued');
    },
    { timeout: 20_000, interval: 200 },
  );
  return row;
}

describe('an HTTP SMS gateway with DLT templates', () => {
  it('sends the OTP with its DLT template id and marks it sent; an unregistered template is failed, never sent', async () => {
    const gw = await stub((r) =>
      r.body?.to === '919000000999'
        ? { status: 400, body: { error: 'number in DND' } }
        : { status: 200, body: { messageId: `m-${r.body.reference}` } },
    );
    open.push(gw);
    const { system, db } = await boot({
      MESSAGE_GATEWAY: 'http-sms',
      SMS_GATEWAY_URL: `${gw.url}/v1/send`,
      SMS_GATEWAY_KEY: 'test-key-made-here',
      SMS_SENDER_ID: 'PTRVLI',
      SMS_DLT_ENTITY_ID: '1101234567890',
      SMS_DLT_TEMPLATES: JSON.stringify({ 'applicants.otpSms': '1107000000000000001' }),
    });
    const client = new ApiClient(system.url!, 'hi');
    expect((await client.post('/api/public/otp', { mobile: '9000000111' })).status).toBe(201);
    const row = await outboxRow(db, '9000000111');
    expect(row.status).toBe('sent');
    expect(gw.received).toHaveLength(1);
    const sent = gw.received[0]!;
    expect(sent.path).toBe('/v1/send');
    expect(sent.auth).toBe('Bearer test-key-made-here');
    expect(sent.body).toMatchObject({
      sender: 'PTRVLI',
      to: '919000000111',
      dltEntityId: '1101234567890',
      dltTemplateId: '1107000000000000001',
      unicode: true,
    });
    expect(sent.body.message).toBe(row.body);
    expect(sent.body.message).toMatch(/आपका एक-बार का कोड \d{6} है/);
    expect(row.provider_ref).toBe(`m-${sent.body.reference}`);

    // a refusal (4xx) is final: failed with the gateway's reason
    expect((await client.post('/api/public/otp', { mobile: '9000000999' })).status).toBe(201);
    const refused = await outboxRow(db, '9000000999');
    expect(refused.status).toBe('failed');
    expect(refused.last_error).toMatch(/number in DND/);

    // with a real gateway the outbox page never shows a one-time password's text
    const admin = await loggedIn(system.url!, 'admin');
    const page = (await admin.request('GET', '/api/admin/outbox?q=9000000111')).body;
    expect(page.demo).toBe(false);
    expect(page.items[0]).toMatchObject({ template: 'applicants.otpSms', status: 'sent', body: null });

    // a message whose template has no DLT id is never sent unregistered
    const n = gw.received.length;
    await db.query(`update outbox_message set status = 'queued', template = 'ack.sms', attempts = 0 where recipient = '9000000111'`);
    const { rows } = await db.query(`select id from outbox_message where recipient = '9000000111'`);
    await system.deps.jobs.enqueue(outboxDeliveryJob, { id: rows[0].id });
    const unregistered = await outboxRow(db, '9000000111');
    expect(unregistered.status).toBe('failed');
    expect(unregistered.last_error).toMatch(/no DLT template id for the message template "ack.sms"/);
    expect(gw.received).toHaveLength(n);
  });
});

describe('WhatsApp Cloud API', () => {
  it('sends the OTP as the approved template with its values, in the applicant’s language', async () => {
    const gw = await stub(() => ({ status: 200, body: { messaging_product: 'whatsapp', messages: [{ id: 'wamid.TEST1' }] } }));
    open.push(gw);
    const { system, db } = await boot({
      MESSAGE_GATEWAY: 'whatsapp',
      WHATSAPP_API_URL: `${gw.url}/v21.0`,
      WHATSAPP_PHONE_NUMBER_ID: '1234567890',
      WHATSAPP_TOKEN: 'wa-token-made-here',
      WHATSAPP_TEMPLATES: JSON.stringify({ 'applicants.otpSms': 'patravali_otp' }),
    });
    const client = new ApiClient(system.url!, 'en');
    expect((await client.post('/api/public/otp', { mobile: '8000000222', lang: 'hi' })).status).toBe(201);
    const row = await outboxRow(db, '8000000222');
    expect(row.status).toBe('sent');
    expect(row.provider_ref).toBe('wamid.TEST1');
    const sent = gw.received[0]!;
    expect(sent.path).toBe('/v21.0/1234567890/messages');
    expect(sent.auth).toBe('Bearer wa-token-made-here');
    const code = /\b(\d{6})\b/.exec(row.body)![1];
    expect(sent.body).toEqual({
      messaging_product: 'whatsapp',
      to: '918000000222',
      type: 'template',
      template: {
        name: 'patravali_otp',
        language: { code: 'hi' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: code },
              { type: 'text', text: '5' },
            ],
          },
        ],
      },
    });
  });
});
