import { describe, expect, it } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { fakeApi, freshEachTest } from '../../../testing/harness';
import type { EFile, FileNote } from '../../../api/types';
import { mountNotesheet } from './notesheetHarness';
import { EditorContent, type Editor } from '@tiptap/vue-3';

const post = {
  id: 'p1',
  code: 'RDR',
  designation: { en: 'Reader to SP', hi: 'वाचक' },
  officeName: { en: 'SP Office', hi: 'एसपी कार्यालय' },
};
const user = { id: 'u1', username: 'reader.sp', name: { en: 'Suresh', hi: 'सुरेश' } };
const note = (no: number, state: 'yellow' | 'green', body: string, canEdit = false): FileNote => ({
  id: `n${no}`,
  no,
  state,
  body,
  bodyText: body,
  refPages: [],
  refFiles: [],
  author: post,
  authorUser: user,
  createdAt: '2026-04-01T10:00:00.000Z',
  updatedAt: '2026-04-01T10:00:00.000Z',
  lockedAt: state === 'green' ? '2026-04-01T11:00:00.000Z' : null,
  version: 1,
  canEdit,
  signature: null,
  canSign: false,
});
const file = (version: number, notes: FileNote[]) =>
  ({ id: 'f1', fileNumber: 'PBT/SP/CRIME/1/2026', version, notes, correspondence: [], abilities: { note: true } }) as unknown as EFile;

freshEachTest();

const mountSheet = mountNotesheet;

/** Replaces the new note's content as typing would (through the editor, so the model follows). */
function typeInto(w: ReturnType<typeof mountSheet>, html: string) {
  const editor = w.findAllComponents(EditorContent)[0]!.props('editor') as Editor;
  editor.commands.setContent(html);
}

describe('Notesheet', () => {
  it('numbers green and yellow notes, and offers edit/delete only on the author’s yellow note', async () => {
    fakeApi({
      'GET /api/files/f1': {
        status: 200,
        body: file(2, [note(1, 'green', '<p>Put up.</p>'), note(2, 'yellow', '<p>Draft <strong>para</strong></p>', true)]),
      },
    });
    const w = mountSheet();
    await flushPromises();
    expect(w.get('[data-testid="note-1"]').attributes('data-state')).toBe('green');
    expect(w.get('[data-testid="note-2"]').attributes('data-state')).toBe('yellow');
    expect(w.find('[data-testid="note-edit-1"]').exists()).toBe(false);
    expect(w.find('[data-testid="note-edit-2"]').exists()).toBe(true);
    expect(w.get('[data-testid="note-2"]').html()).toContain('<strong>para</strong>');
  });

  it('on a conflict shows the newer notesheet and keeps the typed note in the editor and in this browser', async () => {
    let posted: unknown;
    fakeApi({
      'GET /api/files/f1': { status: 200, body: file(3, [note(1, 'green', '<p>Put up.</p>')]) },
      'GET /api/auth/csrf': { status: 200, body: { token: 't' } },
      'POST /api/files/f1/notes': (req) => {
        posted = req.body;
        return {
          status: 409,
          body: {
            error: 'CONFLICT',
            message: 'Changed',
            details: { current: file(4, [note(1, 'green', '<p>Put up.</p>'), note(2, 'yellow', '<p>Theirs</p>')]) },
          },
        };
      },
    });
    const w = mountSheet();
    await flushPromises();
    typeInto(w, '<p>Mine: see <strong>this</strong></p>');
    await flushPromises();
    await w.get('[data-testid="note-save"]').trigger('click');
    await flushPromises();

    expect(posted).toEqual({ version: 3, body: '<p>Mine: see <strong>this</strong></p>' });
    expect(w.find('[data-testid="note-2"]').text()).toContain('Theirs');
    expect(w.get('[data-testid="note-editor"]').html()).toContain('Mine: see <strong>this</strong>');
    expect(w.get('[data-testid="note-error"]').text()).toContain('your text is still in the editor');
    expect(localStorage.getItem('patravali.kept.u1.file.f1.new')).toContain('Mine: see <strong>this</strong>');
  });

  it('clears the kept note once saved (text kept by the earlier markup editor is saved as HTML)', async () => {
    let posted: unknown;
    localStorage.setItem(
      'patravali.kept.u1.file.f1.new',
      JSON.stringify({ text: 'typed **before** a crash', at: new Date().toISOString() }),
    );
    fakeApi({
      'GET /api/files/f1': { status: 200, body: file(1, []) },
      'GET /api/auth/csrf': { status: 200, body: { token: 't' } },
      'POST /api/files/f1/notes': (req) => {
        posted = req.body;
        return { status: 200, body: file(2, [note(1, 'yellow', '<p>typed <strong>before</strong> a crash</p>', true)]) };
      },
    });
    const w = mountSheet();
    await flushPromises();
    expect(w.get('[data-testid="note-editor"]').text()).toBe('typed before a crash');
    expect(w.find('[data-testid="note-restored"]').exists()).toBe(true);
    await w.get('[data-testid="note-save"]').trigger('click');
    await flushPromises();
    expect(posted).toEqual({ version: 1, body: '<p>typed <strong>before</strong> a crash</p>' });
    expect(w.get('[data-testid="note-1"]').attributes('data-state')).toBe('yellow');
    expect(w.get('[data-testid="note-editor"]').text()).toBe('');
    expect(localStorage.getItem('patravali.kept.u1.file.f1.new')).toBeNull();
  });
});
