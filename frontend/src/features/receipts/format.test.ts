import { describe, expect, it } from 'vitest';
import { durationParts } from './format';

describe('format', () => {
  it('splits a span into the two largest units', () => {
    expect(durationParts(2 * 86400 + 3 * 3600 + 59)).toEqual({ key: 'dh', d: 2, h: 3, m: 0 });
    expect(durationParts(3 * 3600 + 5 * 60)).toEqual({ key: 'hm', d: 0, h: 3, m: 5 });
    expect(durationParts(42)).toEqual({ key: 'm', d: 0, h: 0, m: 0 });
    expect(durationParts(-5).key).toBe('m');
  });
});
