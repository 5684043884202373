// Mounting the notesheet of file f1 as the file view does (its record, its writes), for the notesheet's tests.
import { defineComponent, h } from 'vue';
import { mount } from '@vue/test-utils';
import { createHarness } from '../../../testing/harness';
import { useFileRecord } from '../composables/useFileRecord';
import Notesheet from './Notesheet.vue';

export function mountNotesheet() {
  const harness = createHarness();
  const Host = defineComponent({
    setup() {
      const rec = useFileRecord('f1');
      return () => (rec.file.value ? h(Notesheet, { file: rec.file.value, mutate: rec.mutate, userId: 'u1', pages: [] }) : null);
    },
  });
  return mount(Host, { global: { plugins: harness.plugins }, attachTo: document.body });
}
