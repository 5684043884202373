/**
 * The officer's local signing agent (127.0.0.1): a small typed client, its errors in the user's
 * language, and the Pinia store that remembers what we know about it (reachable, paired, PIN session).
 * The agent is outside this app: every call has a timeout, and "cannot reach it" is an answer too.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { z, type ZodType } from 'zod';
import {
  AGENT_ERROR_CODES,
  CertificatesResponseSchema,
  ErrorBodySchema,
  PairResponseSchema,
  SessionResponseSchema,
  SignResponseSchema,
  StatusResponseSchema,
  type AgentErrorCode as AgentOwnCode,
  type CertificateEntry,
  type SignItem as AgentSignItem,
  type SignResponse,
  type StatusResponse,
} from '@patravali/signing-agent/contract';
import { isApiError } from '../../api/client';
import { errorText } from '../../api/errors';
import type { Bilingual, Locale } from '../../api/types';
import { i18n, pick } from '../../i18n';
import { fetchSigningConfig } from './queries';
import type { SigningConfig } from './types';

// The agent's protocol is its own contract (signing-agent/src/contract.ts, zod): its answers are checked
// against it here, so an agent of another version is "an answer we cannot read", never a crash later on.
export type AgentStatus = StatusResponse;
export type AgentCertificate = CertificateEntry;
export type AgentSignResult = SignResponse;

/**
 * Every code the agent answers with (its contract's AGENT_ERROR_CODES), plus three of ours: UNREACHABLE
 * (nothing listens, or the browser refused the request), TIMEOUT (it did not answer in time) and
 * BAD_RESPONSE (an answer we cannot read).
 */
export type AgentErrorCode = AgentOwnCode | 'UNREACHABLE' | 'TIMEOUT' | 'BAD_RESPONSE';
export const LOCAL_AGENT_ERROR_CODES = ['UNREACHABLE', 'TIMEOUT', 'BAD_RESPONSE'] as const;
/** All the codes the UI has a message for, in both languages. */
export const ALL_AGENT_ERROR_CODES: readonly AgentErrorCode[] = [...AGENT_ERROR_CODES, ...LOCAL_AGENT_ERROR_CODES];

export class AgentError extends Error {
  override readonly name = 'AgentError';
  constructor(
    /** One of AgentErrorCode, or any other code the agent sends. */
    readonly code: AgentErrorCode | (string & {}),
    /** HTTP status; 0 when there was no answer. */
    readonly status: number,
    /** The agent's own words, in both languages, when it sent them. */
    readonly agentMessage: Bilingual | null = null,
    /** Further fields of the error answer, e.g. `triesLeft`. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(agentMessage?.en || code);
  }

  get triesLeft(): number | null {
    return typeof this.extra.triesLeft === 'number' ? this.extra.triesLeft : null;
  }

  /** Nothing answered: the agent is not running (or the browser blocked the call). */
  get unreachable(): boolean {
    return this.code === 'UNREACHABLE' || this.code === 'TIMEOUT';
  }
}

export function isAgentError(e: unknown): e is AgentError {
  return e instanceof AgentError;
}

export interface AgentTimeouts {
  /** status, pairing, closing the session */
  quick: number;
  /** PIN (the token may take a while) and listing certificates */
  token: number;
  /** signing a batch: a USB token signs a few digests a second */
  sign: number;
}
export const DEFAULT_TIMEOUTS: AgentTimeouts = { quick: 4000, token: 20000, sign: 300000 };

export interface AgentClientOptions {
  baseUrl: string;
  getToken?: () => string | null;
  fetch?: typeof fetch;
  timeouts?: Partial<AgentTimeouts>;
}

/** The agent's HTTP protocol (JSON, `Authorization: Bearer <pairing token>`, errors `{ code, message: { en, hi }, ...extra }`). */
export function createAgentClient(options: AgentClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };

  async function request<T>(method: string, path: string, body: unknown, timeoutMs: number, schema: ZodType<T>): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const token = options.getToken?.();
    if (token) headers.Authorization = `Bearer ${token}`;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      let res: Response;
      try {
        res = await doFetch(`${base}${path}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: controller.signal,
          mode: 'cors',
          credentials: 'omit',
          cache: 'no-store',
        });
      } catch {
        throw new AgentError(timedOut ? 'TIMEOUT' : 'UNREACHABLE', 0);
      }
      let text = '';
      try {
        text = await res.text();
      } catch {
        throw new AgentError(timedOut ? 'TIMEOUT' : 'BAD_RESPONSE', res.status);
      }
      let data: unknown = undefined;
      if (text) {
        try {
          data = JSON.parse(text);
        } catch {
          throw new AgentError('BAD_RESPONSE', res.status);
        }
      }
      if (!res.ok) {
        const known = ErrorBodySchema.safeParse(data);
        if (known.success) {
          const { code, message, ...extra } = known.data;
          throw new AgentError(code, res.status, message, extra);
        }
        // a code this version of the contract does not know: keep what it said
        const { code, ...extra } = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
        throw new AgentError(typeof code === 'string' ? code : 'BAD_RESPONSE', res.status, null, extra);
      }
      const parsed = schema.safeParse(data);
      if (!parsed.success) throw new AgentError('BAD_RESPONSE', res.status);
      return parsed.data;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    baseUrl: base,
    status: () => request('GET', '/v1/status', undefined, timeouts.quick, StatusResponseSchema),
    pair: (code: string) => request('POST', '/v1/pair', { code }, timeouts.quick, PairResponseSchema),
    openSession: (pin: string) => request('POST', '/v1/session', { pin }, timeouts.token, SessionResponseSchema),
    closeSession: () => request('DELETE', '/v1/session', undefined, timeouts.quick, z.unknown()),
    certificates: () => request('GET', '/v1/certificates', undefined, timeouts.token, CertificatesResponseSchema),
    sign: (certificateId: string, items: AgentSignItem[]) =>
      request('POST', '/v1/sign', { certificateId, items }, timeouts.sign, SignResponseSchema),
  };
}

export type AgentClient = ReturnType<typeof createAgentClient>;

type Translate = (key: string, named?: Record<string, unknown>) => string;

/**
 * What to tell the user about a failed agent or API call: the agent's own message in the current
 * language when it sent one, else ours for the code; API errors as everywhere else in the app.
 */
export function agentErrorText(e: unknown, t: Translate, locale: Locale): string {
  if (isAgentError(e)) {
    const own = pick(e.agentMessage, locale).trim();
    if (own && !e.unreachable) return own;
    const key = `signing.agentError.${e.code}`;
    if (i18n.global.te(key, 'en')) return t(key, { triesLeft: e.triesLeft ?? '' });
    return t('signing.agentError.other', { code: e.code });
  }
  if (isApiError(e)) return errorText(e, t);
  return t('errors.unexpected');
}

const TOKEN_KEY = 'patravali.signingAgent.token:';

function readToken(agentUrl: string): string | null {
  try {
    return globalThis.localStorage?.getItem(TOKEN_KEY + agentUrl) ?? null;
  } catch {
    return null;
  }
}
function writeToken(agentUrl: string, token: string | null): void {
  try {
    if (token) globalThis.localStorage?.setItem(TOKEN_KEY + agentUrl, token);
    else globalThis.localStorage?.removeItem(TOKEN_KEY + agentUrl);
  } catch {
    // storage disabled: the pairing lasts for this visit only
  }
}

/**
 * What the app knows about the signing agent: where it is (from the API's config), whether it answers,
 * the pairing token (kept in this browser per agent address) and the PIN session. Every call goes
 * through here, so NOT_PAIRED forgets the token and SESSION_REQUIRED marks the session closed, wherever
 * it happens.
 */
export const useSigningAgentStore = defineStore('signing-agent', () => {
  const config = ref<SigningConfig | null>(null);
  const status = ref<AgentStatus | null>(null);
  const reachable = ref<'unknown' | 'up' | 'down'>('unknown');
  const token = ref<string | null>(null);
  let configLoading: Promise<SigningConfig> | null = null;

  const makeClient = (baseUrl: string) => createAgentClient({ baseUrl, getToken: () => token.value });

  async function loadConfig(force = false): Promise<SigningConfig> {
    if (config.value && !force) return config.value;
    if (!configLoading) {
      configLoading = fetchSigningConfig(force).finally(() => (configLoading = null));
    }
    const c = await configLoading;
    if (config.value?.agentUrl !== c.agentUrl) {
      status.value = null;
      reachable.value = 'unknown';
    }
    config.value = c;
    token.value = readToken(c.agentUrl);
    return c;
  }

  async function call<T>(fn: (c: AgentClient) => Promise<T>): Promise<T> {
    const c = await loadConfig();
    try {
      const out = await fn(makeClient(c.agentUrl));
      reachable.value = 'up';
      return out;
    } catch (e) {
      if (isAgentError(e)) {
        if (e.unreachable) reachable.value = 'down';
        else reachable.value = 'up';
        if (e.code === 'NOT_PAIRED') forgetPairing();
        if (e.code === 'SESSION_REQUIRED' && status.value) status.value = { ...status.value, session: { open: false, expiresAt: null } };
      }
      throw e;
    }
  }

  async function refresh(): Promise<AgentStatus> {
    const s = await call((c) => c.status());
    status.value = s;
    return s;
  }

  async function pair(code: string): Promise<void> {
    const { token: t } = await call((c) => c.pair(code.trim()));
    token.value = t;
    if (config.value) writeToken(config.value.agentUrl, t);
    await refresh();
  }

  function forgetPairing(): void {
    token.value = null;
    if (config.value) writeToken(config.value.agentUrl, null);
    if (status.value) status.value = { ...status.value, paired: false, session: { open: false, expiresAt: null } };
  }

  async function openSession(pin: string): Promise<void> {
    const s = await call((c) => c.openSession(pin));
    status.value = status.value ? { ...status.value, session: { open: s.open, expiresAt: s.expiresAt } } : status.value;
    if (!s.open) await refresh();
  }

  async function closeSession(): Promise<void> {
    await call((c) => c.closeSession());
    if (status.value) status.value = { ...status.value, session: { open: false, expiresAt: null } };
  }

  const certificates = () => call((c) => c.certificates()).then((r) => r.certificates);
  const sign = (certificateId: string, items: AgentSignItem[]) => call((c) => c.sign(certificateId, items));

  /** Paired from this browser: we hold a token and the agent accepts it. */
  const paired = computed(() => !!token.value && !!status.value?.paired);
  const sessionOpen = computed(() => {
    const s = status.value?.session;
    return !!s?.open && (!s.expiresAt || Date.parse(s.expiresAt) > Date.now());
  });
  const demo = computed(() => !!config.value?.demo || !!status.value?.demo);

  return {
    config,
    status,
    reachable,
    token,
    paired,
    sessionOpen,
    demo,
    loadConfig,
    refresh,
    pair,
    forgetPairing,
    openSession,
    closeSession,
    certificates,
    sign,
  };
});
