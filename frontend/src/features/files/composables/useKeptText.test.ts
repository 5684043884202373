import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick, ref } from 'vue';
import { keptKey, useKeptText } from './useKeptText';

beforeEach(() => localStorage.clear());
afterEach(() => vi.useRealTimers());

describe('useKeptText', () => {
  it('keys by user and place, and has no key without a user', () => {
    expect(keptKey('u1', 'file', 'f1', 'new')).toBe('patravali.kept.u1.file.f1.new');
    expect(keptKey(null, 'file', 'f1')).toBeNull();
    expect(keptKey('u1', 'file', '')).toBeNull();
  });

  it('keeps what is typed until it is cleared, and restores it for the same key', async () => {
    const key = ref<string | null>('patravali.kept.u1.file.f1.new');
    const a = useKeptText(key);
    expect(a.text.value).toBe('');
    a.text.value = 'Put up for orders [p. 3/C]';
    await nextTick();

    const b = useKeptText('patravali.kept.u1.file.f1.new');
    expect(b.text.value).toBe('Put up for orders [p. 3/C]');
    expect(b.restoredAt.value).toMatch(/^\d{4}-/);

    a.clear();
    await nextTick();
    expect(useKeptText('patravali.kept.u1.file.f1.new').text.value).toBe('');
  });

  it('switches text with the key (another file) and keeps each apart', async () => {
    const key = ref<string | null>('k.one');
    const kept = useKeptText(key);
    kept.text.value = 'first';
    await nextTick();
    key.value = 'k.two';
    await nextTick();
    expect(kept.text.value).toBe('');
    kept.text.value = 'second';
    await nextTick();
    key.value = 'k.one';
    await nextTick();
    expect(kept.text.value).toBe('first');
    expect(kept.has('k.two')).toBe(true);
  });

  it('does not store blank text, and set() does not count as restored', async () => {
    const kept = useKeptText('k.blank');
    kept.set('   ');
    await nextTick();
    expect(localStorage.getItem('k.blank')).toBeNull();
    expect(kept.restoredAt.value).toBeNull();
  });

  it('drops text kept longer than 30 days', () => {
    localStorage.setItem('k.old', JSON.stringify({ text: 'old', at: '2000-01-01T00:00:00.000Z' }));
    expect(useKeptText('k.old').text.value).toBe('');
    expect(localStorage.getItem('k.old')).toBeNull();
  });
});
