import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Koa from 'koa';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../shared/logger.js';
import { errorMiddleware } from './middlewares/errors.js';
import { frontendMiddleware, safeStaticPath } from './frontend.js';

let server: http.Server;
let port: number;
let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pv-dist-'));
  const dist = path.join(root, 'dist');
  await mkdir(path.join(dist, 'assets'), { recursive: true });
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>Patravali</title>');
  await writeFile(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(root, 'secret.txt'), 'root:x:0:0:secret');
  const app = new Koa();
  app.use(errorMiddleware(createLogger('silent')));
  app.use(frontendMiddleware(dist));
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await rm(root, { recursive: true, force: true });
});

/** GET with the path exactly as written (like curl --path-as-is): no client-side normalising of `..`. */
const get = (p: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });

describe('serving the web app', () => {
  it('serves its files, and index.html for every other path (history mode)', async () => {
    expect(await get('/assets/app.js')).toMatchObject({ status: 200, body: 'console.log(1)' });
    expect(await get('/files/123')).toMatchObject({ status: 200, body: expect.stringContaining('Patravali') });
  });

  it('a path climbing out of the app is 404, never 500 and never the file', async () => {
    for (const p of [
      '/../secret.txt',
      '/../../etc/passwd',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/assets/../../secret.txt',
      '/..\\secret.txt',
      '/%00',
      '/a%00b.js',
      '/%ZZ',
      '/assets/%E0%A4%A',
    ]) {
      const res = await get(p);
      expect(res.status, p).toBe(404);
      expect(res.body, p).not.toMatch(/secret/);
      expect(JSON.parse(res.body), p).toMatchObject({ error: 'NOT_FOUND' });
    }
  });

  it('recognises unsafe paths', () => {
    expect(safeStaticPath('/assets/app.js')).toBe(true);
    expect(safeStaticPath('/files/PBT%2FSP')).toBe(true);
    for (const p of ['/..', '/a/../b', '/%2e%2e/x', '/x%00', '/%E0%A4%A', '/..\\x']) expect(safeStaticPath(p), p).toBe(false);
  });
});
