import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { defineComponent, h, ref } from 'vue';
import { createHarness, fakeApi } from '../../../testing/harness';
import { applyLocale } from '../../../i18n';
import NoteEditor from './NoteEditor.vue';

beforeEach(() => applyLocale('en'));
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

function mountEditor(initial = '') {
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
  return { wrapper, text, saved };
}

describe('NoteEditor', () => {
  it('formats the selection from the tool bar and shows the preview', async () => {
    const { wrapper, text } = mountEditor('please put up');
    const area = wrapper.get<HTMLTextAreaElement>('[data-testid="note-editor"]').element;
    area.setSelectionRange(7, 13);
    await wrapper.get('[data-testid="note-bold"]').trigger('click');
    await flushPromises();
    expect(text.value).toBe('please **put up**');
    await wrapper.get('[data-testid="note-preview-toggle"]').trigger('click');
    expect(wrapper.get('[data-testid="note-preview"]').html()).toContain('<strong>put up</strong>');
  });

  it('inserts a page reference at the cursor from the picker', async () => {
    const { wrapper, text } = mountEditor('As at  above');
    const area = wrapper.get<HTMLTextAreaElement>('[data-testid="note-editor"]').element;
    area.setSelectionRange(5, 5);
    await wrapper.get('[data-testid="note-insert-page"]').trigger('click');
    await flushPromises();
    const option = document.body.querySelector<HTMLButtonElement>('[data-testid="note-page-option-2"]');
    expect(option?.textContent).toContain('PBT/SP/2026/000117');
    option!.click();
    await flushPromises();
    expect(text.value).toBe('As at [p. 2/C]  above');
  });

  it('warns about a page the file does not have, and saves with Ctrl+Enter', async () => {
    const { wrapper, saved } = mountEditor('see [p. 9/C]');
    expect(wrapper.get('[data-testid="note-unknown-pages"]').text()).toContain('p. 9/C');
    await wrapper.get('[data-testid="note-editor"]').trigger('keydown', { key: 'Enter', ctrlKey: true });
    expect(saved).toHaveBeenCalledTimes(1);
  });

  it('does not save an empty note', async () => {
    const { wrapper, saved } = mountEditor('   ');
    expect(wrapper.get('[data-testid="note-save"]').attributes('disabled')).toBeDefined();
    await wrapper.get('[data-testid="note-editor"]').trigger('keydown', { key: 'Enter', ctrlKey: true });
    expect(saved).not.toHaveBeenCalled();
  });
});
