import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { effectScope, nextTick } from 'vue';
import { createHarness, fakeApi } from '../../../testing/harness';
import { emitHintForTest } from '../../../realtime/socket';
import { applyLocale } from '../../../i18n';
import type { EFile } from '../../../api/types';
import { filesApi } from '../api';
import { useFileRecord } from './useFileRecord';

afterEach(() => vi.unstubAllGlobals());

const file = (version: number, notes: number): EFile =>
  ({
    id: 'f1',
    fileNumber: 'PBT/SP/CRIME/1/2026',
    version,
    notes: Array.from({ length: notes }, (_, i) => ({ id: `n${i}`, no: i + 1 })),
  }) as unknown as EFile;

function mount() {
  createHarness();
  const scope = effectScope();
  const rec = scope.run(() => useFileRecord('f1'))!;
  return { rec, stop: () => scope.stop() };
}

describe('useFileRecord', () => {
  it('loads the file and refetches it on a hint for it, not for others', async () => {
    let answer = file(1, 0);
    const api = fakeApi({ 'GET /api/files/f1': () => ({ status: 200, body: answer }) });
    const { rec, stop } = mount();
    await flushPromises();
    expect(rec.file.value?.version).toBe(1);
    answer = file(2, 1);
    emitHintForTest({ entity: 'file', ids: ['other'] });
    await flushPromises();
    expect(api.requests).toHaveLength(1);
    emitHintForTest({ entity: 'inbox', ids: ['f1'] });
    await flushPromises();
    expect(rec.file.value?.version).toBe(2);
    stop();
  });

  it('on a 409 CONFLICT shows the current file from the answer and reports a conflict', async () => {
    applyLocale('en');
    fakeApi({
      'GET /api/files/f1': { status: 200, body: file(3, 1) },
      'GET /api/auth/csrf': { status: 200, body: { token: 't' } },
      'POST /api/files/f1/notes': {
        status: 409,
        body: { error: 'CONFLICT', message: 'Changed by someone else', details: { current: file(4, 2) } },
      },
    });
    const { rec, stop } = mount();
    await flushPromises();
    const out = await rec.mutate((f) => filesApi.addNote(f.id, f.version, '<p>mine</p>'));
    expect(out).toEqual({ ok: false, reason: 'conflict', message: 'Changed by someone else' });
    expect(rec.file.value?.version).toBe(4);
    expect(rec.file.value?.notes).toHaveLength(2);
    stop();
  });

  it('on NOT_WITH_YOU reloads the file and says so', async () => {
    let answer = file(3, 1);
    const api = fakeApi({
      'GET /api/files/f1': () => ({ status: 200, body: answer }),
      'GET /api/auth/csrf': { status: 200, body: { token: 't' } },
      'POST /api/files/f1/notes': { status: 409, body: { error: 'NOT_WITH_YOU', message: 'It is not with you' } },
    });
    const { rec, stop } = mount();
    await flushPromises();
    answer = file(5, 1);
    const out = await rec.mutate((f) => filesApi.addNote(f.id, f.version, '<p>mine</p>'));
    await flushPromises();
    expect(out).toMatchObject({ ok: false, reason: 'notWithYou' });
    expect(rec.file.value?.version).toBe(5);
    expect(api.requests.filter((r) => r.method === 'GET' && r.url === '/api/files/f1')).toHaveLength(2);
    stop();
  });

  it('takes the answer of a successful change', async () => {
    fakeApi({
      'GET /api/files/f1': { status: 200, body: file(1, 0) },
      'GET /api/auth/csrf': { status: 200, body: { token: 't' } },
      'POST /api/files/f1/notes': (req) => ({ status: 200, body: { ...file(2, 1), sent: req.body } }),
    });
    const { rec, stop } = mount();
    await flushPromises();
    await nextTick();
    expect(await rec.mutate((f) => filesApi.addNote(f.id, f.version, '<p>x</p>'))).toEqual({ ok: true });
    expect(rec.file.value).toMatchObject({ version: 2, sent: { version: 1, body: '<p>x</p>' } });
    stop();
  });
});
