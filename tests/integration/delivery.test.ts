import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { ROOT_DIR } from '../../backend/src/config/env.js';

/** How the built web app reaches browsers: compressed, hashed assets cached for good, the page itself always revalidated. */
let system: TestSystem;
let mainScript = '';

beforeAll(async () => {
  system = await bootSystem({ env: { SERVE_FRONTEND: 'true' } });
  const html = await readFile(path.join(ROOT_DIR, 'frontend', 'dist', 'index.html'), 'utf8');
  mainScript = /<script[^>]+src="([^"]+\.js)"/.exec(html)![1]!;
});
afterAll(async () => system?.stop());

describe('web app delivery', () => {
  it('sends the main script brotli- or gzip-compressed as the browser accepts, with a year of immutable caching', async () => {
    const plain = await fetch(system.url + mainScript, { headers: { 'accept-encoding': 'identity' } });
    const size = (await plain.arrayBuffer()).byteLength;
    for (const [accept, encoding] of [
      ['br, gzip', 'br'],
      ['gzip', 'gzip'],
    ] as const) {
      const res = await fetch(system.url + mainScript, { headers: { 'accept-encoding': accept }, decompress: false } as RequestInit);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe(encoding);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(Number(res.headers.get('content-length'))).toBeLessThan(size / 2.5);
    }
  });

  it('sends the page itself (and every app route) to be revalidated, so a new build is picked up at once', async () => {
    for (const p of ['/', '/inbox', '/login']) {
      const res = await fetch(system.url + p);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });
});
