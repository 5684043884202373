import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import FormPreview from './FormPreview.vue';
import { applyLocale } from '../../../../i18n';
import { createHarness } from '../../../../testing/harness';
import { blankField, templateModel } from './definitionModel';

vi.mock('../../../../realtime/socket', () => import('../../../../testing/quietSocket'));

beforeEach(() => applyLocale('hi'));
afterEach(() => {
  document.body.innerHTML = '';
});

function model() {
  const m = templateModel();
  const noise = blankField('text');
  noise.key = 'noiseLevel';
  noise.label = { en: 'Sound level (decibels)', hi: 'ध्वनि स्तर (डेसिबल)' };
  noise.maxLength = 20;
  const from = blankField('address');
  from.key = 'from';
  from.label = { en: 'From', hi: 'कहाँ से' };
  m.form.push(noise, from);
  return m;
}

describe('FormPreview', () => {
  it('shows the applicant form in the language asked (not the app’s), every control unusable, with what each field accepts', () => {
    const h = createHarness();
    const wrapper = mount(FormPreview, {
      props: { model: model(), locale: 'en' },
      global: { plugins: h.plugins },
      attachTo: document.body,
    });
    const noise = wrapper.get('[data-testid="svc-preview-en-field-noiseLevel"]');
    expect(noise.text()).toContain('Sound level (decibels)');
    expect(noise.text()).toContain('up to 20 characters');
    expect((wrapper.get('#svc-preview-en-noiseLevel').element as HTMLInputElement).disabled).toBe(true);
    // the address's own parts speak English too, and cannot be used
    const from = wrapper.get('[data-testid="svc-preview-en-field-from"]');
    expect(from.text()).toContain('The address is outside Pilibhit district');
    expect((wrapper.get('#svc-preview-en-from-line').element as HTMLInputElement).disabled).toBe(true);
    expect(wrapper.get('[data-testid="application-submit"]').attributes('disabled')).toBeDefined();
  });
});
