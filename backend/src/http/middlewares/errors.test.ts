import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Koa from 'koa';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../shared/logger.js';
import { fieldError } from '../../shared/app-error.js';
import { errorMiddleware } from './errors.js';

let server: http.Server;
let base: string;
const throwers: Record<string, () => never> = {
  field: () => {
    throw fieldError(['officeId'], 'not_found', 'issues.unknownOffice');
  },
  params: () => {
    throw fieldError(['signatures'], 'invalid', 'issues.signatureCount', { count: 3 });
  },
  nul: () => {
    throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
  },
  surrogate: () => {
    throw Object.assign(new Error('invalid input syntax for type json'), { code: '22P02' });
  },
  year0: () => {
    throw Object.assign(new Error('date/time field value out of range: "0000-01-01"'), { code: '22008' });
  },
  unique: () => {
    throw Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
  },
  forbidden: () => {
    throw Object.assign(new Error('malicious path'), { status: 403, expose: true });
  },
  bug: () => {
    throw new TypeError('x is undefined');
  },
};

beforeAll(async () => {
  const app = new Koa();
  app.use(async (ctx, next) => {
    ctx.state.locale = ctx.get('accept-language') === 'hi' ? 'hi' : 'en';
    await next();
  });
  app.use(errorMiddleware(createLogger('silent')));
  app.use((ctx) => throwers[ctx.path.slice(1)]!());
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const get = async (what: string, lang = 'en') => {
  const res = await fetch(`${base}/${what}`, { headers: { 'accept-language': lang } });
  return { status: res.status, body: (await res.json()) as any };
};

describe('the error middleware', () => {
  it('translates an issue’s message key into the user’s language, with its params', async () => {
    expect((await get('field')).body.details.issues).toEqual([
      { path: ['officeId'], code: 'not_found', message: 'This office does not exist.' },
    ]);
    expect((await get('field', 'hi')).body.details.issues[0].message).toBe('यह कार्यालय मौजूद नहीं है।');
    expect((await get('params')).body.details.issues[0].message).toBe('Expected 3 signature(s), one for each item.');
  });

  it('values PostgreSQL refuses are the client’s (400), a unique-index race is CONFLICT (409)', async () => {
    for (const what of ['nul', 'surrogate', 'year0'])
      expect(await get(what), what).toMatchObject({ status: 400, body: { error: 'VALIDATION_FAILED' } });
    expect(await get('unique')).toMatchObject({ status: 409, body: { error: 'CONFLICT' } });
  });

  it('a library’s own 4xx keeps its English text out; a bug is still a 500 with a reference', async () => {
    const forbidden = await get('forbidden', 'hi');
    expect(forbidden.status).toBe(400);
    expect(forbidden.body.details.issues[0].message).toBe('यह अनुरोध मान्य नहीं है।');
    expect(await get('bug')).toMatchObject({ status: 500, body: { error: 'INTERNAL' } });
  });
});
