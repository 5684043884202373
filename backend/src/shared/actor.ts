import type { Locale } from './i18n.js';

/** `checkpoint`: police at a checkpoint or an office's gate security, who check passes and certificates (the /check app). */
export type Capability = 'dak' | 'noting' | 'supervision' | 'admin' | 'checkpoint';
export const CAPABILITIES = ['dak', 'noting', 'supervision', 'admin', 'checkpoint'] as const satisfies readonly Capability[];

/** Who is acting: a user through one of the posts they hold. Built per request from the session. */
export interface Actor {
  userId: string;
  username: string;
  sessionId: string;
  /** The post the user is acting as; null when they currently hold none. */
  postId: string | null;
  officeId: string | null;
  capabilities: readonly Capability[];
  /** Every post the user holds today (regular or additional charge). */
  heldPostIds: readonly string[];
  locale: Locale;
  ip: string;
}

/** Who is acting for system work (seeding, imports from the command line, jobs). */
export function systemActor(locale: Locale = 'en'): Actor {
  return {
    userId: 'system',
    username: 'system',
    sessionId: 'system',
    postId: null,
    officeId: null,
    capabilities: ['admin'],
    heldPostIds: [],
    locale,
    ip: '127.0.0.1',
  };
}
