/**
 * Applicants sign in with a mobile number and a one-time password (issue 15, item 3): codes go out by
 * SMS through the outbox in the applicant's language, only their slow hash is kept, they expire in five
 * minutes, allow three tries, and are limited per number and per address — also against parallel
 * requests. The applicant's session is its own (httpOnly cookie) and reaches no staff route; every
 * step is in the audit chain with the number masked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { ApiClient } from '../support/api-client.js';

let system: TestSystem;
let db: pg.Pool;
const PER_MOBILE = 3;
const PER_IP = 40;

beforeAll(async () => {
  system = await bootSystem({ env: { OTP_PER_MOBILE: String(PER_MOBILE), OTP_PER_IP: String(PER_IP), OTP_WINDOW_MINUTES: '15' } });
  db = new pg.Pool({ connectionString: system.db.url, max: 2 });
});
afterAll(async () => {
  await db?.end();
  await system?.stop();
});

let nextNumber = 9_000_000_100;
const freshMobile = () => String(nextNumber++);

/** The code of the last SMS queued to a number (the outbox is the demo gateway). */
async function lastSms(mobile: string): Promise<{ body: string; code: string }> {
  const { rows } = await db.query(
    `select body from outbox_message where recipient = $1 and related_type = 'applicant_otp' order by created_at desc limit 1`,
    [mobile],
  );
  expect(rows, `an SMS to ${mobile}`).toHaveLength(1);
  return { body: rows[0].body, code: /\b(\d{6})\b/.exec(rows[0].body)![1]! };
}

async function signedIn(mobile = freshMobile(), lang: 'hi' | 'en' = 'en') {
  const client = new ApiClient(system.url!, lang);
  expect((await client.post('/api/public/otp', { mobile })).status).toBe(201);
  const { code } = await lastSms(mobile);
  const res = await client.post('/api/public/session', { mobile, code });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { client, mobile, applicant: res.body };
}

describe('applicant sign-in with an OTP', () => {
  it('refuses a number that is not an Indian mobile number, in the user’s language, beside the field', async () => {
    for (const [lang, words] of [
      ['en', /10-digit Indian mobile number/],
      ['hi', /10 अंकों का भारतीय मोबाइल नंबर/],
    ] as const) {
      const client = new ApiClient(system.url!, lang);
      for (const mobile of ['12345', '5876543210', 'abcdefghij', '98765432101']) {
        const res = await client.post('/api/public/otp', { mobile });
        expect(res.status).toBe(400);
        expect(res.body.details.issues[0].path).toEqual(['mobile']);
        expect(res.body.details.issues[0].message).toMatch(words);
      }
    }
    const { rows } = await db.query(`select count(*)::int as n from applicant_otp`);
    expect(rows[0].n).toBe(0);
  });

  it('sends a code in the applicant’s language, keeps only its hash, and signs in with it (+91 and spaces accepted)', async () => {
    const mobile = freshMobile();
    const client = new ApiClient(system.url!, 'hi');
    const sent = await client.post('/api/public/otp', { mobile: `+91 ${mobile.slice(0, 5)} ${mobile.slice(5)}` });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toEqual({ sentTo: `******${mobile.slice(-4)}`, expiresInSeconds: 300 });
    const sms = await lastSms(mobile);
    expect(sms.body).toMatch(/आपका एक-बार का कोड \d{6} है/);
    const { rows } = await db.query(`select code_hash, tries_left, expires_at - created_at as ttl from applicant_otp where mobile = $1`, [
      mobile,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0].code_hash).toMatch(/^scrypt\$/);
    expect(rows[0].code_hash).not.toContain(sms.code);
    expect(rows[0].tries_left).toBe(3);

    expect((await client.get('/api/public/me')).status).toBe(401);
    const res = await client.post('/api/public/session', { mobile, code: sms.code });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.mobile).toBe(`******${mobile.slice(-4)}`);
    const cookie = client.lastSetCookie.find((c) => c.startsWith('pv_applicant='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect((await client.get('/api/public/me')).body.id).toBe(res.body.id);
    // the code is spent
    const again = await new ApiClient(system.url!).post('/api/public/session', { mobile, code: sms.code });
    expect(again.status).toBe(401);
    expect(again.body.error).toBe('OTP_INVALID');
  });

  it('three wrong codes end the code; the right one is refused afterwards; a new code replaces the old', async () => {
    const mobile = freshMobile();
    const client = new ApiClient(system.url!);
    await client.post('/api/public/otp', { mobile });
    const { code } = await lastSms(mobile);
    const wrong = code === '000000' ? '111111' : '000000';
    const left: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await client.post('/api/public/session', { mobile, code: wrong });
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/wrong or has expired/);
      left.push(res.body.details.triesLeft);
    }
    expect(left).toEqual([2, 1, 0]);
    expect((await client.post('/api/public/session', { mobile, code })).status).toBe(401);

    await client.post('/api/public/otp', { mobile });
    const first = await lastSms(mobile);
    await client.post('/api/public/otp', { mobile });
    const second = await lastSms(mobile);
    if (first.code !== second.code) expect((await client.post('/api/public/session', { mobile, code: first.code })).status).toBe(401);
    expect((await client.post('/api/public/session', { mobile, code: second.code })).status).toBe(200);
  });

  it('an expired code is refused', async () => {
    const mobile = freshMobile();
    const client = new ApiClient(system.url!);
    await client.post('/api/public/otp', { mobile });
    const { code } = await lastSms(mobile);
    await db.query(`update applicant_otp set expires_at = now() - interval '1 second' where mobile = $1`, [mobile]);
    const res = await client.post('/api/public/session', { mobile, code });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('OTP_INVALID');
  });

  it('parallel requests cannot send more codes to a number than the limit', async () => {
    const mobile = freshMobile();
    const clients = Array.from({ length: 10 }, () => new ApiClient(system.url!, 'hi'));
    await Promise.all(clients.map((c) => c.fetchCsrf()));
    const answers = await Promise.all(clients.map((c) => c.post('/api/public/otp', { mobile })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(PER_MOBILE);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10 - PER_MOBILE);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.body.error).toBe('OTP_LIMITED');
    expect(refused.body.message).toMatch(/इस नंबर पर बहुत अधिक कोड/);
    expect(refused.body.details.retryAfterSeconds).toBeGreaterThan(0);
    const { rows } = await db.query(`select count(*)::int as n from outbox_message where recipient = $1`, [mobile]);
    expect(rows[0].n).toBe(PER_MOBILE);
  });

  it('parallel guesses take one try each: at most three are checked', async () => {
    const mobile = freshMobile();
    const client = new ApiClient(system.url!);
    await client.post('/api/public/otp', { mobile });
    const { code } = await lastSms(mobile);
    const wrong = Array.from({ length: 8 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'));
    const answers = await Promise.all(wrong.map((w) => client.post('/api/public/session', { mobile, code: w })));
    expect(answers.every((a) => a.status === 401)).toBe(true);
    const { rows } = await db.query(`select tries_left, spent_at from applicant_otp where mobile = $1`, [mobile]);
    expect(rows[0].tries_left).toBe(0);
    expect(rows[0].spent_at).not.toBeNull();
    const failures = await db.query(
      `select count(*)::int as n from audit_event where action = 'applicant.otp-failed' and details->>'mobile' = $1`,
      [`******${mobile.slice(-4)}`],
    );
    expect(failures.rows[0].n).toBe(3);
    expect((await client.post('/api/public/session', { mobile, code })).status).toBe(401);
  });

  it('an applicant’s session reaches no staff route, and signing out ends it', async () => {
    const { client } = await signedIn();
    for (const path of ['/api/me', '/api/inbox', '/api/pendency/summary', '/api/org/posts']) {
      expect((await client.get(path)).status, path).toBe(401);
    }
    expect((await client.delete('/api/public/session')).status).toBe(204);
    expect((await client.get('/api/public/me')).status).toBe(401);
  });

  it('records every step in the audit chain with the number masked', async () => {
    const { mobile, applicant } = await signedIn();
    const { rows } = await db.query(
      `select action, actor_label, details from audit_event where details::text like $1 or object_id = $2 order by seq`,
      [`%${mobile.slice(-4)}%`, applicant.id],
    );
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['applicant.otp-sent', 'applicant.sign-in']));
    const all = await db.query(`select count(*)::int as n from audit_event where details::text like $1 or actor_label like $1`, [
      `%${mobile}%`,
    ]);
    expect(all.rows[0].n).toBe(0);
  });

  it('limits the codes one address may ask for, across numbers', async () => {
    const { rows } = await db.query(`select count(*)::int as n from applicant_otp`);
    const client = new ApiClient(system.url!);
    const statuses: number[] = [];
    for (let i = rows[0].n; i < PER_IP + 2; i++) statuses.push((await client.post('/api/public/otp', { mobile: freshMobile() })).status);
    expect(statuses.at(-1)).toBe(429);
    const last = await client.post('/api/public/otp', { mobile: freshMobile() });
    expect(last.body.error).toBe('RATE_LIMITED');
    const sent = await db.query(`select count(*)::int as n from applicant_otp`);
    expect(sent.rows[0].n).toBe(PER_IP);
  });
});
