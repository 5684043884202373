import type pg from 'pg';
import { ApiClient } from './api-client.js';

/** The body of the last message queued for a number (the OTP by default; `related` names another kind, e.g. 'application'). */
export async function lastSms(db: Pick<pg.Pool, 'query'>, mobile: string, related = 'applicant_otp'): Promise<string> {
  const { rows } = await db.query(
    `select body from outbox_message where recipient = $1 and related_type = $2 order by created_at desc limit 1`,
    [mobile, related],
  );
  return rows[0]?.body ?? '';
}

/** A citizen signed in as an applicant would be: an OTP to their mobile, read from the outbox (the SMS gateway's queue), and the session it opens. */
export async function signInCitizen(
  baseUrl: string,
  db: Pick<pg.Pool, 'query'>,
  mobile: string,
  lang: 'hi' | 'en' = 'en',
): Promise<ApiClient> {
  const client = new ApiClient(baseUrl, lang);
  const otp = await client.post('/api/public/otp', { mobile });
  if (otp.status !== 201) throw new Error(`OTP for ${mobile}: ${otp.status} ${JSON.stringify(otp.body)}`);
  const code = /\b(\d{6})\b/.exec(await lastSms(db, mobile))?.[1];
  const session = await client.post('/api/public/session', { mobile, code });
  if (session.status !== 200) throw new Error(`session for ${mobile}: ${session.status} ${JSON.stringify(session.body)}`);
  return client;
}
