import { AGENT_ERROR_CODES, AGENT_NAME } from '@patravali/signing-agent/contract';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { applyLocale, i18n } from '../../i18n';
import { ApiError } from '../../api/client';
import { ALL_AGENT_ERROR_CODES, AgentError, agentErrorText, createAgentClient, useSigningAgentStore } from './agent';

vi.mock('../../realtime/socket', () => import('../../testing/quietSocket'));

const AGENT = 'http://127.0.0.1:17365';
const t = (key: string, named?: Record<string, unknown>) => i18n.global.t(key, named ?? {});
const json = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

beforeEach(() => {
  localStorage.clear();
  applyLocale('en');
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('agent client', () => {
  it('sends the pairing token, no cookies, and JSON', async () => {
    const fetch = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => json(200, { certificates: [] }));
    const client = createAgentClient({ baseUrl: `${AGENT}/`, getToken: () => 'tok-1', fetch: fetch as unknown as typeof globalThis.fetch });
    await client.certificates();
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe(`${AGENT}/v1/certificates`);
    expect(new Headers(init!.headers).get('authorization')).toBe('Bearer tok-1');
    expect(init!.credentials).toBe('omit');
    expect(init!.mode).toBe('cors');
  });

  it('turns a failed fetch into UNREACHABLE', async () => {
    const client = createAgentClient({
      baseUrl: AGENT,
      fetch: (async () => Promise.reject(new TypeError('Failed to fetch'))) as typeof globalThis.fetch,
    });
    const e = await client.status().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AgentError);
    expect((e as AgentError).code).toBe('UNREACHABLE');
    expect((e as AgentError).unreachable).toBe(true);
  });

  it('gives up after the timeout with TIMEOUT', async () => {
    const hanging = ((_u: RequestInfo | URL, init?: RequestInit) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      )) as typeof globalThis.fetch;
    const client = createAgentClient({ baseUrl: AGENT, fetch: hanging, timeouts: { quick: 20 } });
    const e = (await client.status().catch((x: unknown) => x)) as AgentError;
    expect(e.code).toBe('TIMEOUT');
  });

  it('reads the agent’s error: code, message in both languages, extra fields', async () => {
    const fetch = (async () =>
      json(401, {
        code: 'WRONG_PIN',
        message: { en: 'Wrong PIN (2 tries left)', hi: 'गलत पिन (2 प्रयास शेष)' },
        triesLeft: 2,
      })) as typeof globalThis.fetch;
    const client = createAgentClient({ baseUrl: AGENT, fetch });
    const e = (await client.openSession('0000').catch((x: unknown) => x)) as AgentError;
    expect(e.code).toBe('WRONG_PIN');
    expect(e.triesLeft).toBe(2);
    expect(agentErrorText(e, t, 'en')).toBe('Wrong PIN (2 tries left)');
    expect(agentErrorText(e, t, 'hi')).toBe('गलत पिन (2 प्रयास शेष)');
  });

  it('an answer that is not JSON is BAD_RESPONSE', async () => {
    const fetch = (async () => new Response('<html>proxy error</html>', { status: 502 })) as typeof globalThis.fetch;
    const e = (await createAgentClient({ baseUrl: AGENT, fetch })
      .status()
      .catch((x: unknown) => x)) as AgentError;
    expect(e.code).toBe('BAD_RESPONSE');
  });
});

describe('the agent’s error codes', () => {
  it('every code of the agent’s contract (and our three) has its own words, in Hindi and English', () => {
    expect(AGENT_ERROR_CODES).toHaveLength(14);
    expect(ALL_AGENT_ERROR_CODES).toEqual([...AGENT_ERROR_CODES, 'UNREACHABLE', 'TIMEOUT', 'BAD_RESPONSE']);
    for (const code of ALL_AGENT_ERROR_CODES) {
      for (const locale of ['hi', 'en'] as const)
        expect(i18n.global.te(`signing.agentError.${code}`, locale), `${locale} ${code}`).toBe(true);
      const en = agentErrorText(new AgentError(code, 500), (k, n) => i18n.global.t(k, n ?? {}, { locale: 'en' }), 'en');
      expect(en, code).not.toContain(code);
    }
  });

  it('rejects an answer that breaks the contract as BAD_RESPONSE, and keeps a code it does not know', async () => {
    const answers = [
      new Response(JSON.stringify({ agent: 'someone-else', version: '1' }), { status: 200 }),
      new Response(JSON.stringify({ code: 'NEW_CODE', message: 'x' }), { status: 409 }),
    ];
    const client = createAgentClient({ baseUrl: 'http://127.0.0.1:17365', fetch: async () => answers.shift()! });
    await expect(client.status()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    await expect(client.status()).rejects.toMatchObject({ code: 'NEW_CODE', status: 409 });
  });
});

describe('agentErrorText', () => {
  it('uses our words when the agent sent none, in the current language', () => {
    expect(agentErrorText(new AgentError('NO_TOKEN', 409), t, 'en')).toContain('Plug in your DSC token');
    applyLocale('hi');
    expect(agentErrorText(new AgentError('NO_TOKEN', 409), t, 'hi')).toContain('टोकन');
  });

  it('always tells how to start the agent when nothing answers', () => {
    expect(agentErrorText(new AgentError('UNREACHABLE', 0), t, 'en')).toContain('does not answer');
  });

  it('names an unknown code', () => {
    expect(agentErrorText(new AgentError('SOMETHING_NEW', 500), t, 'en')).toBe('The signing agent refused (SOMETHING_NEW).');
  });

  it('shows an API error’s own message', () => {
    expect(agentErrorText(new ApiError(422, 'INVALID_STATE', 'The note was already signed'), t, 'en')).toBe('The note was already signed');
  });
});

describe('signing agent store', () => {
  function stub(handler: (url: string, init: RequestInit) => Response | Promise<Response>) {
    const calls: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
        const url = String(input);
        calls.push({ url, init });
        if (url === '/api/auth/csrf') return json(200, { token: 'csrf' });
        if (url === '/api/signing/config') return json(200, { agentUrl: AGENT, demo: true, requiredPolicyOid: null });
        return handler(url, init);
      }),
    );
    return calls;
  }

  it('keeps the pairing token per agent address, and forgets it when the agent says NOT_PAIRED', async () => {
    setActivePinia(createPinia());
    let paired = false;
    const calls = stub((url) => {
      if (url === `${AGENT}/v1/pair`) {
        paired = true;
        return json(200, { token: 'tok-9' });
      }
      if (url === `${AGENT}/v1/status`)
        return json(200, {
          agent: AGENT_NAME,
          version: '1.0.0',
          store: 'pkcs12',
          demo: true,
          paired,
          session: { open: false, expiresAt: null },
        });
      if (url === `${AGENT}/v1/certificates`) return json(401, { code: 'NOT_PAIRED', message: { en: 'Not paired', hi: 'जुड़ा नहीं' } });
      return json(404, {});
    });
    const agent = useSigningAgentStore();
    await agent.pair(' 123456 ');
    expect(JSON.parse(String(calls.find((c) => c.url.endsWith('/v1/pair'))!.init.body))).toEqual({ code: '123456' });
    expect(localStorage.getItem(`patravali.signingAgent.token:${AGENT}`)).toBe('tok-9');
    expect(agent.paired).toBe(true);
    expect(agent.demo).toBe(true);

    await expect(agent.certificates()).rejects.toMatchObject({ code: 'NOT_PAIRED' });
    expect(new Headers(calls.at(-1)!.init.headers).get('authorization')).toBe('Bearer tok-9');
    expect(agent.token).toBeNull();
    expect(agent.paired).toBe(false);
    expect(localStorage.getItem(`patravali.signingAgent.token:${AGENT}`)).toBeNull();
  });

  it('marks the agent down when nothing answers', async () => {
    setActivePinia(createPinia());
    stub(() => Promise.reject(new TypeError('Failed to fetch')));
    const agent = useSigningAgentStore();
    await expect(agent.refresh()).rejects.toMatchObject({ code: 'UNREACHABLE' });
    expect(agent.reachable).toBe('down');
  });
});
