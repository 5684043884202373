import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { vi } from 'vitest';
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
  // vi.waitFor (not expect.poll) so that hooks such as beforeAll may wait too
  return vi.waitFor(
    async () => {
      const receipt = (await client.get(`/api/receipts/${receiptId}`)).body;
      if (!(receipt.progress.pages > 0 && !receipt.progress.processing))
        throw new Error(`OCR of receipt ${receiptId} not finished: ${JSON.stringify(receipt.progress)}`);
      return receipt;
    },
    { timeout: ms, interval: 500 },
  );
}
