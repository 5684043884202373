import type { IncomingHttpHeaders } from 'node:http';

export interface OriginRule {
  /** PUBLIC_URL, the address users open (its origin is always allowed). */
  publicUrl: string | null;
  /** Take the scheme and host from X-Forwarded-Proto/-Host (only behind a trusted proxy). */
  trustProxy: boolean;
}

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
/** The first entry of a proxy's comma-separated list (the one the client's request was addressed with). */
const firstListed = (v: string | string[] | undefined): string | undefined => one(v)?.split(',')[0]?.trim() || undefined;

const originOf = (url: string): string | null => {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
};

/** The origin a request was addressed to: its scheme and Host, or the proxy's forwarded ones when trusted. */
export function ownOrigin(headers: IncomingHttpHeaders, encrypted: boolean, trustProxy: boolean): string | null {
  const host = (trustProxy ? firstListed(headers['x-forwarded-host']) : undefined) ?? one(headers.host);
  if (!host) return null;
  const proto = (trustProxy ? firstListed(headers['x-forwarded-proto']) : undefined) ?? (encrypted ? 'https' : 'http');
  return originOf(`${proto}://${host}`);
}

/**
 * Where a request says it comes from, judged against where it was sent: `same` when its Origin (or,
 * without one, its Referer) is the request's own origin or PUBLIC_URL's; `foreign` for any other,
 * unreadable or "null" one; `absent` when it has neither header. Browsers send Origin with every
 * cross-origin request that changes state and with every WebSocket handshake, so `absent` is a
 * client that is not a browser (scripts, tests); it still needs the session and the CSRF token.
 */
export function judgeOrigin(
  headers: IncomingHttpHeaders,
  encrypted: boolean,
  rule: OriginRule,
): { verdict: 'same' | 'foreign' | 'absent'; claimed: string | null } {
  const origin = one(headers.origin);
  const referer = one(headers.referer);
  if (origin === undefined && referer === undefined) return { verdict: 'absent', claimed: null };
  const claimed = origin !== undefined ? originOf(origin) : originOf(referer!);
  const allowed = [ownOrigin(headers, encrypted, rule.trustProxy), rule.publicUrl ? originOf(rule.publicUrl) : null];
  const same = claimed !== null && allowed.includes(claimed);
  return { verdict: same ? 'same' : 'foreign', claimed: claimed ?? origin ?? null };
}
