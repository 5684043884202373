import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { fakeApi } from '../../../testing/harness';
import { applyLocale } from '../../../i18n';
import type { EFile, FileNote } from '../../../api/types';
import type { NoteSignature } from '../types';
import { mountNotesheet } from '../../files/components/notesheetHarness';

vi.mock('../../../realtime/socket', () => import('../../../testing/quietSocket'));

const post = { id: 'p1', code: 'SP', designation: { en: 'SP', hi: 'एसपी' }, officeName: { en: 'SP Office', hi: 'एसपी कार्यालय' } };
const me = { id: 'u1', username: 'sp', name: { en: 'Ravi Kumar', hi: 'रवि कुमार' } };
const other = { id: 'u2', username: 'co', name: { en: 'Anita', hi: 'अनीता' } };
/** `canSign` as the API answers it: the author's own note without a signature (`extra` may say otherwise). */
const note = (no: number, author: typeof me, signature: NoteSignature | null, extra: Partial<FileNote> = {}): FileNote =>
  ({
    id: `n${no}`,
    no,
    state: 'green',
    body: `<p>Para ${no}</p>`,
    bodyText: `Para ${no}`,
    refPages: [],
    refFiles: [],
    author: post,
    authorUser: author,
    createdAt: '2026-04-01T10:00:00.000Z',
    updatedAt: '2026-04-01T10:00:00.000Z',
    lockedAt: '2026-04-01T11:00:00.000Z',
    version: 1,
    canEdit: false,
    signature,
    canSign: author.id === me.id && !signature,
    ...extra,
  }) as FileNote;
const signed = (s: Partial<NoteSignature>): NoteSignature => ({
  signer: 'RAVI KUMAR',
  signedAt: '2026-04-01T12:00:00.000Z',
  serialNumber: '0A1B',
  integrity: true,
  trusted: true,
  revoked: false,
  ...s,
});
const file = (notes: FileNote[]) =>
  ({ id: 'f1', fileNumber: 'PBT/SP/CRIME/1/2026', version: 1, notes, correspondence: [], abilities: { note: false } }) as unknown as EFile;

beforeEach(() => applyLocale('en'));
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

const mountSheet = mountNotesheet;

describe('signatures on the notesheet', () => {
  it('shows each note’s signature and offers "Sign" only on the author’s unsigned notes', async () => {
    fakeApi({
      'GET /api/files/f1': {
        status: 200,
        body: file([
          note(1, me, signed({})),
          note(2, me, signed({ integrity: false })),
          note(3, me, signed({ revoked: true })),
          note(4, me, null),
          note(5, other, null),
          note(7, me, null, { canSign: false }),
        ]),
      },
    });
    const w = mountSheet();
    await flushPromises();
    expect(w.get('[data-testid="note-signature-1"]').attributes('data-status')).toBe('verified');
    expect(w.get('[data-testid="note-signature-1"]').text()).toContain('Digitally signed by RAVI KUMAR');
    expect(w.get('[data-testid="note-signature-status-1"]').text()).toBe('Verified');
    expect(w.get('[data-testid="note-signature-status-2"]').text()).toBe('Changed after signing');
    expect(w.get('[data-testid="note-signature-status-3"]').text()).toBe('Certificate revoked');
    expect(w.find('[data-testid="note-signature-4"]').exists()).toBe(false);
    expect(w.find('[data-testid="note-sign-1"]').exists()).toBe(false);
    expect(w.find('[data-testid="note-sign-4"]').exists()).toBe(true);
    expect(w.find('[data-testid="note-sign-5"]').exists()).toBe(false);
    // the API says the note cannot be signed: no button
    expect(w.find('[data-testid="note-sign-7"]').exists()).toBe(false);
    expect(w.get('[data-testid="note-sign-4"]').attributes('aria-label')).toBe('Sign note 4 with your DSC');

    fakeApi({
      'GET /api/signing/config': { status: 200, body: { agentUrl: 'http://127.0.0.1:17365', demo: false, requiredPolicyOid: null } },
    });
    await w.get('[data-testid="note-sign-4"]').trigger('click');
    await flushPromises();
    expect(document.body.querySelector('[data-testid="signing-dialog"]')).not.toBeNull();
    w.unmount();
  });
});
