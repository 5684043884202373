import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from './env.js';

describe('loadEnv', () => {
  it('gives working defaults with no configuration at all', () => {
    const env = loadEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.ROLE).toBe('both');
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DEMO_PASSWORD).toBe('patravali-demo');
    expect(Object.isFrozen(env)).toBe(true);
  });

  it('lists every problem at once, naming the variable and the value', () => {
    let error: unknown;
    try {
      loadEnv({ PORT: 'eighty', ROLE: 'cook', DATABASE_URL: 'mysql://x', S3_ENDPOINT: 'http://minio:9000' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT.*"eighty"/);
    expect(problems).toMatch(/ROLE.*"cook"/);
    expect(problems).toMatch(/DATABASE_URL.*postgres/);
    expect(problems).toMatch(/S3_ENDPOINT, S3_ACCESS_KEY and S3_SECRET_KEY go together/);
    expect((error as ConfigError).problems.length).toBeGreaterThanOrEqual(4);
  });

  it('parses booleans and numbers', () => {
    const env = loadEnv({ DEMO_SEED: 'false', PORT: '8080', TRUST_PROXY: 'yes' });
    expect(env.DEMO_SEED).toBe(false);
    expect(env.TRUST_PROXY).toBe(true);
    expect(env.PORT).toBe(8080);
  });

  it('takes the owner’s URL only beside DATABASE_URL, and checkpoints at least hourly', () => {
    expect(() => loadEnv({ DATABASE_OWNER_URL: 'postgres://o@db/p' })).toThrow(/DATABASE_OWNER_URL: goes with DATABASE_URL/);
    expect(loadEnv({ DATABASE_URL: 'postgres://a@db/p', DATABASE_OWNER_URL: 'postgres://o@db/p' }).DATABASE_OWNER_URL).toBe(
      'postgres://o@db/p',
    );
    expect(loadEnv({}).AUDIT_CHECKPOINT_MINUTES).toBe(60);
    expect(() => loadEnv({ AUDIT_CHECKPOINT_MINUTES: '90' })).toThrow(/AUDIT_CHECKPOINT_MINUTES/);
  });

  it('names what an SMS or WhatsApp gateway needs, and refuses template maps that are not JSON objects of strings', () => {
    const problems = (source: Record<string, string>) => {
      try {
        loadEnv(source);
        return '';
      } catch (e) {
        return (e as ConfigError).problems.join('\n');
      }
    };
    const sms = problems({ MESSAGE_GATEWAY: 'http-sms', SMS_DLT_TEMPLATES: '["1107"]' });
    for (const key of ['SMS_GATEWAY_URL', 'SMS_GATEWAY_KEY', 'SMS_SENDER_ID', 'SMS_DLT_ENTITY_ID'])
      expect(sms).toContain(`${key}: needed when MESSAGE_GATEWAY=http-sms`);
    expect(sms).toContain('SMS_DLT_TEMPLATES: must be a JSON object');
    expect(
      problems({ MESSAGE_GATEWAY: 'whatsapp', WHATSAPP_TOKEN: 't', WHATSAPP_PHONE_NUMBER_ID: '12', WHATSAPP_TEMPLATES: '{"a": 1}' }),
    ).toBe('WHATSAPP_TEMPLATES: must be a JSON object of template names to ids (strings)');
    expect(
      problems({
        MESSAGE_GATEWAY: 'whatsapp',
        WHATSAPP_TOKEN: 't',
        WHATSAPP_PHONE_NUMBER_ID: '12',
        WHATSAPP_TEMPLATES: '{"applicants.otpSms": "patravali_otp"}',
      }),
    ).toBe('');
    expect(loadEnv({}).MESSAGE_GATEWAY).toBe('outbox');
  });
});
