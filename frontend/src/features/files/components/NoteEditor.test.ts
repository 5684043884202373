import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { defineComponent, h, ref } from 'vue';
import { createHarness, fakeApi } from '../../../testing/harness';
import { applyLocale } from '../../../i18n';
import { EditorContent, type Editor } from '@tiptap/vue-3';
import NoteEditor from './NoteEditor.vue';

beforeEach(() => applyLocale('en'));
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

async function mountEditor(initial = '') {
  fakeApi({ 'GET /api/files': { status: 200, body: { items: [], total: 0, page: 1, pageSize: 50 } } });
  const h0 = createHarness();
  const text = ref(initial);
  const saved = vi.fn();
  const Host = defineComponent({
    setup: () => () =>
      h(NoteEditor, {
        modelValue: text.value,
        'onUpdate:modelValue': (v: string) => (text.value = v),
        prefix: 'note',
        label: 'New note',
        pages: [
          { no: 1, label: 'PBT/SP/2026/000117' },
          { no: 2, label: 'PBT/SP/2026/000117' },
        ],
        onSave: saved,
      }),
  });
  const wrapper = mount(Host, { global: { plugins: h0.plugins }, attachTo: document.body });
  await flushPromises(); // the editor is made when mounted
  return { wrapper, text, saved };
}

/** The Tiptap editor inside the component. */
function tiptap(wrapper: Awaited<ReturnType<typeof mountEditor>>['wrapper']): Editor {
  return wrapper.findComponent(EditorContent).props('editor') as Editor;
}

describe('NoteEditor', () => {
  it('formats the selection from the tool bar, and the model is the HTML to store', async () => {
    const { wrapper, text } = await mountEditor('<p>please put up</p>');
    const editor = tiptap(wrapper);
    editor.commands.setTextSelection({ from: 8, to: 14 });
    await wrapper.get('[data-testid="note-bold"]').trigger('click');
    await flushPromises();
    expect(text.value).toBe('<p>please <strong>put up</strong></p>');
    expect(wrapper.get('[data-testid="note-bold"]').attributes('aria-pressed')).toBe('true');
    await wrapper.get('[data-testid="note-numbers"]').trigger('click');
    await flushPromises();
    expect(text.value).toBe('<ol><li>please <strong>put up</strong></li></ol>');
    expect(wrapper.get('[data-testid="note-editor"]').html()).toContain('<strong>put up</strong>');
  });

  it('inserts a page reference chip at the cursor from the picker', async () => {
    const { wrapper, text } = await mountEditor('<p>As at above</p>');
    tiptap(wrapper).commands.setTextSelection(6);
    await wrapper.get('[data-testid="note-insert-page"]').trigger('click');
    await flushPromises();
    const option = document.body.querySelector<HTMLButtonElement>('[data-testid="note-page-option-2"]');
    expect(option?.textContent).toContain('PBT/SP/2026/000117');
    option!.click();
    await flushPromises();
    expect(text.value).toBe('<p>As at <a data-page="2">p. 2/C</a> above</p>');
    expect(wrapper.get('[data-testid="note-editor"] .ref-chip-page').text()).toBe('p. 2/C');
  });

  it('loads text the old markup editor kept, and follows a model changed from outside', async () => {
    const { wrapper, text } = await mountEditor('kept **markup** at [p. 1/C]');
    expect(wrapper.get('[data-testid="note-editor"]').html()).toContain('<strong>markup</strong>');
    expect(wrapper.find('[data-testid="note-editor"] .ref-chip-page').exists()).toBe(true);
    text.value = '<p>the saved note</p>';
    await flushPromises();
    expect(wrapper.get('[data-testid="note-editor"]').text()).toBe('the saved note');
  });

  it('warns about a page the file does not have, and saves with Ctrl+Enter', async () => {
    const { wrapper, saved } = await mountEditor('<p>see <a data-page="9">p. 9/C</a></p>');
    expect(wrapper.get('[data-testid="note-unknown-pages"]').text()).toContain('p. 9/C');
    await wrapper.get('[data-testid="note-editor"]').trigger('keydown', { key: 'Enter', ctrlKey: true });
    expect(saved).toHaveBeenCalledTimes(1);
  });

  it('does not save an empty note', async () => {
    const { wrapper, saved } = await mountEditor('<p>   </p>');
    expect(wrapper.get('[data-testid="note-save"]').attributes('disabled')).toBeDefined();
    await wrapper.get('[data-testid="note-editor"]').trigger('keydown', { key: 'Enter', ctrlKey: true });
    expect(saved).not.toHaveBeenCalled();
  });
});
