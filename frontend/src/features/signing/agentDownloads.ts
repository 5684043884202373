import type { Ok } from '../../api/types';

/** One signing agent installer the server publishes (GET /api/signing/agent/downloads). */
export type AgentDownload = Ok<'/api/signing/agent/downloads', 'get'>['downloads'][number];
export type OfficerOs = 'windows' | 'linux' | 'other';

/**
 * The officer's operating system, from what the browser says of itself: Windows PCs, and BOSS /
 * Ubuntu / Debian desktops (Linux, not Android) — the two the agent is packaged for.
 */
export function officerOs(nav: { userAgent: string; platform?: string; userAgentData?: { platform?: string } }): OfficerOs {
  const said = `${nav.userAgentData?.platform ?? ''} ${nav.platform ?? ''} ${nav.userAgent}`;
  if (/windows|win32|win64/i.test(said)) return 'windows';
  if (/android/i.test(said)) return 'other';
  if (/linux|x11|ubuntu|debian/i.test(said)) return 'linux';
  return 'other';
}

const X64 = /^(x64|amd64)$/;

/**
 * The installer to offer this officer: the one the server marks as recommended for their OS (an
 * x64 build first, as on office PCs), and the rest to list as alternatives.
 */
export function offerFor(downloads: readonly AgentDownload[], os: OfficerOs): { offer: AgentDownload | null; others: AgentDownload[] } {
  const mine = downloads.filter((d) => d.os === os && d.recommended).sort((a, b) => Number(X64.test(b.arch)) - Number(X64.test(a.arch)));
  const offer = mine[0] ?? null;
  return { offer, others: downloads.filter((d) => d !== offer && d.recommended) };
}
