import { describe, expect, it } from 'vitest';
import { compareVersions } from './agent-downloads.js';

describe('compareVersions', () => {
  it('orders x.y.z numerically and a pre-release before its release', () => {
    const sorted = ['0.10.0', '0.2.0', '1.0.0', '1.0.0-beta.2', '1.0.0-beta.10', '0.2.1'].sort(compareVersions);
    expect(sorted).toEqual(['0.2.0', '0.2.1', '0.10.0', '1.0.0-beta.2', '1.0.0-beta.10', '1.0.0']);
    expect(compareVersions('1.0.0~rc.1', '1.0.0-rc.1')).toBe(0);
  });
});
