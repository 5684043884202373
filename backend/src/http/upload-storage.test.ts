import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Koa from 'koa';
import multer from '@koa/multer';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../shared/logger.js';
import { errorMiddleware } from './middlewares/errors.js';
import { cleanFilename, discardSpooled, guardMultipart, scanUploadParser, type SpooledFile } from './upload-storage.js';

let server: http.Server;
let base: string;
const B = '----pv';

beforeAll(async () => {
  const app = new Koa();
  app.use(async (ctx, next) => {
    ctx.state.locale = 'en';
    await next();
  });
  app.use(errorMiddleware(createLogger('silent')));
  const scans = scanUploadParser({ maxBytes: 1000, maxFiles: 2 });
  const single = guardMultipart(
    multer({ storage: multer.memoryStorage(), limits: { fileSize: 10, files: 1 } }).single('file') as never,
    'file',
  );
  app.use(async (ctx, next) => {
    if (ctx.path === '/scans') {
      return scans(ctx, async () => {
        const files = (ctx.request as unknown as { files: SpooledFile[] }).files;
        ctx.body = { names: files.map((f) => f.originalname) };
        await discardSpooled(files);
      });
    }
    if (ctx.path === '/verify') {
      return single(ctx, async () => {
        ctx.body = { size: (ctx.request as unknown as { file?: { size: number } }).file?.size ?? null };
      });
    }
    return next();
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const part = (field: string, filename: string, content: string) =>
  `--${B}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n${content}\r\n`;
const end = `--${B}--\r\n`;
const send = async (path: string, body: string, contentType = `multipart/form-data; boundary=${B}`) => {
  const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: res.status, body: (await res.json()) as any };
};

describe('multipart uploads', () => {
  it('a well-formed upload goes through, file names cleaned of bidi and zero-width characters (busboy drops the path)', async () => {
    const res = await send('/scans', part('files', 'a\u202Efdp.exe', '%PDF-1.7') + part('files', '../../etc/pass\u200Bwd', 'x') + end);
    expect(res).toEqual({ status: 200, body: { names: ['afdp.exe', 'passwd'] } });
  });

  it('malformed forms are 400 at the upload field, never 500', async () => {
    const cases: Array<[string, string, string?]> = [
      ['no boundary', part('files', 'a.pdf', 'x') + end, 'multipart/form-data'],
      ['truncated', part('files', 'a.pdf', 'x').slice(0, 60)],
      ['no closing boundary', part('files', 'a.pdf', 'x')],
      ['bad part header', `--${B}\r\nContent-Disposition\r\n\r\nx\r\n${end}`],
    ];
    for (const [what, body, type] of cases) {
      const res = await send('/scans', body, type);
      expect(res.status, what).toBe(400);
      expect(res.body.details.issues, what).toEqual([
        { path: ['files'], code: 'invalid_body', message: expect.stringMatching(/not a well-formed multipart form/) },
      ]);
    }
  });

  it('the wrong field name is named; too many files is 400; a file over the limit is 413', async () => {
    const wrong = await send('/scans', part('file_x', 'a.pdf', 'x') + end);
    expect(wrong.status).toBe(400);
    expect(wrong.body.details.issues[0]).toMatchObject({ path: ['files'], message: 'Send the file(s) in the form field "files".' });
    expect(
      (await send('/scans', part('files', 'a', 'x') + part('files', 'b', 'x') + part('files', 'c', 'x') + end)).body.details.issues[0]
        .message,
    ).toMatch(/Too many files/);
    expect((await send('/verify', part('file', 'a.pdf', 'x'.repeat(50)) + end)).status).toBe(413);
    expect((await send('/verify', part('file', 'a.pdf', 'x') + end)).body).toEqual({ size: 1 });
  });

  it('file names', () => {
    expect(cleanFilename('scan\u0000\u0007.pdf')).toBe('scan.pdf');
    expect(cleanFilename('\u202E\u200B')).toBe('upload');
    expect(Array.from(cleanFilename('क'.repeat(300))).length).toBe(255);
  });
});
