import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Koa from 'koa';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createLogger } from '../shared/logger.js';
import { errorMiddleware } from './middlewares/errors.js';
import { jsonBodyParser } from './body-parser.js';

let server: http.Server;
let base: string;

beforeAll(async () => {
  const app = new Koa();
  app.use(async (ctx, next) => {
    ctx.state.locale = ctx.get('accept-language') === 'hi' ? 'hi' : 'en';
    await next();
  });
  app.use(errorMiddleware(createLogger('silent')));
  app.use(jsonBodyParser());
  app.use((ctx) => {
    ctx.body = { got: ctx.request.body === undefined ? 'undefined' : ctx.request.body };
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const post = async (body: string | Buffer, headers: Record<string, string> = {}) => {
  const res = await fetch(`${base}/api/x`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, body: (await res.json()) as any };
};

describe('JSON bodies', () => {
  it('malformed JSON is the client’s mistake: 400 VALIDATION_FAILED in the user’s language, not 500', async () => {
    for (const body of ['{', '{"a":', '{"a":1,}', "{'a':1}", '\u0000']) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect(res.body).toMatchObject({
        error: 'VALIDATION_FAILED',
        details: { issues: [{ path: [], code: 'invalid_body', message: 'The request body is not valid JSON.' }] },
      });
    }
    expect((await post('{', { 'accept-language': 'hi' })).body.details.issues[0].message).toMatch(/मान्य JSON नहीं/);
  });

  it('a prototype-polluting body is refused', async () => {
    expect((await post('{"__proto__":{"x":1}}')).status).toBe(400);
  });

  it('JSON that is not an object reaches validation as what it is (null is not an empty body)', async () => {
    expect((await post('null')).body).toEqual({ got: null });
    expect((await post('"hi"')).body).toEqual({ got: 'hi' });
    expect((await post('[1]')).body).toEqual({ got: [1] });
  });

  it('an unknown content encoding or broken gzip is 400, not 500; a charset other than UTF-8 is not believed', async () => {
    const unknown = await post('{}', { 'content-encoding': 'br, zstd, x-unknown' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details.issues[0].message).toMatch(/UTF-8 JSON/);
    expect((await post('{"a":1}', { 'content-type': 'application/json; charset=utf-16' })).body).toEqual({ got: { a: 1 } });
    expect((await post('not gzip', { 'content-encoding': 'gzip' })).status).toBe(400);
    expect((await post(gzipSync('{"a":1}'), { 'content-encoding': 'gzip' })).body).toEqual({ got: { a: 1 } });
  });

  it('too large is 413', async () => {
    const res = await post(JSON.stringify({ a: 'x'.repeat(1_100_000) }));
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('PAYLOAD_TOO_LARGE');
  });
});
