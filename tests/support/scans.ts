import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { DEFAULT_FIXTURES_DIR, makeFixtures, type FixtureManifest } from '../fixtures/make-fixtures.js';
import type { ApiClient } from './api-client.js';

let manifest: Promise<FixtureManifest> | null = null;
/** The project's rendered letters (made once per run, reused by every file). */
export const fixtures = () => (manifest ??= makeFixtures(DEFAULT_FIXTURES_DIR));

export async function scanForm(files: Array<{ file: string; as?: string; type?: string; bytes?: Buffer }>): Promise<FormData> {
  const m = await fixtures();
  const form = new FormData();
  for (const f of files) {
    const bytes = f.bytes ?? (await readFile(path.join(m.dir, f.file)));
    form.append('files', new Blob([new Uint8Array(bytes)], { type: f.type ?? 'application/octet-stream' }), f.as ?? f.file);
  }
  return form;
}

/** Polls a receipt until every page is OCR'd (or failed); returns it. */
export async function waitForOcr(client: ApiClient, receiptId: string, ms = 90_000): Promise<any> {
  let receipt: any;
  await expect
    .poll(async () => {
      receipt = (await client.get(`/api/receipts/${receiptId}`)).body;
      return receipt.progress.pages > 0 && !receipt.progress.processing;
    }, { timeout: ms, interval: 500 })
    .toBe(true);
  return receipt;
}
