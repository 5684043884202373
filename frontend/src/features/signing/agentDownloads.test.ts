import { describe, expect, it } from 'vitest';
import { offerFor, officerOs, type AgentDownload } from './agentDownloads';

const d = (
  file: string,
  os: 'linux' | 'windows',
  format: 'deb' | 'zip' | 'executable',
  arch: string,
  recommended: boolean,
): AgentDownload => ({
  file,
  os,
  format,
  arch,
  version: '0.2.0',
  size: 1000,
  sha256: 'ab',
  url: `/api/signing/agent/downloads/${file}`,
  recommended,
});
const LIST = [
  d('patravali-signing-agent_0.2.0_arm64.deb', 'linux', 'deb', 'arm64', true),
  d('patravali-signing-agent_0.2.0_amd64.deb', 'linux', 'deb', 'amd64', true),
  d('patravali-signing-agent-0.2.0-linux-x64', 'linux', 'executable', 'x64', false),
  d('patravali-signing-agent-0.2.0-windows-x64.zip', 'windows', 'zip', 'x64', true),
  d('patravali-signing-agent-0.2.0-windows-x64.exe', 'windows', 'executable', 'x64', false),
];

describe('which agent installer to offer', () => {
  it('tells Windows from BOSS/Ubuntu desktops, and neither from phones', () => {
    expect(officerOs({ userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120' })).toBe('windows');
    expect(officerOs({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120', platform: 'Linux x86_64' })).toBe(
      'linux',
    );
    expect(officerOs({ userAgent: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0' })).toBe('linux');
    expect(officerOs({ userAgent: 'Mozilla/5.0 (Linux; Android 14; SM-A146B) AppleWebKit/537.36 Chrome/120 Mobile' })).toBe('other');
    expect(officerOs({ userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15' })).toBe('other');
    expect(officerOs({ userAgent: 'x', userAgentData: { platform: 'Windows' } })).toBe('windows');
  });

  it('offers the recommended installer of the officer’s OS, x64 first, and lists the other OS’s', () => {
    expect(offerFor(LIST, 'linux').offer?.file).toBe('patravali-signing-agent_0.2.0_amd64.deb');
    expect(offerFor(LIST, 'windows').offer?.file).toBe('patravali-signing-agent-0.2.0-windows-x64.zip');
    expect(offerFor(LIST, 'windows').others.map((x) => x.os)).toEqual(['linux', 'linux']);
    expect(offerFor(LIST, 'other')).toEqual({ offer: null, others: LIST.filter((x) => x.recommended) });
    expect(offerFor([], 'linux')).toEqual({ offer: null, others: [] });
  });
});
