import { AGENT_NAME } from '@patravali/signing-agent/contract';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { applyLocale } from '../../../i18n';
import { createHarness, jsonResponse } from '../../../testing/harness';
import type { EnrolledCertificate, SignItem } from '../types';
import SigningDialog from './SigningDialog.vue';

vi.mock('../../../realtime/socket', () => import('../../../testing/quietSocket'));

const AGENT = 'http://127.0.0.1:17365';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

// on the token: A (enrolled, active), B (not enrolled), C (enrolled, revoked)
const agentCert = (id: string, cn: string, serial: string) => ({
  id,
  subject: `CN=${cn}, O=Government of Uttar Pradesh, C=IN`,
  issuer: 'CN=Demo Sub-CA 2026, O=Demo CA, C=IN',
  serialNumber: serial,
  notBefore: '2026-01-01T00:00:00.000Z',
  notAfter: '2028-01-01T00:00:00.000Z',
  keyAlgorithm: 'RSA',
  certificate: b64(`cert-${id}`),
  chain: [b64('sub-ca')],
});
const onToken = [
  agentCert('a', 'RAVI KUMAR', '0A:1B'),
  agentCert('b', 'RAVI KUMAR (new)', '0c2d'),
  agentCert('c', 'RAVI KUMAR (old)', '3e4f'),
];
const enrolled = (id: string, agentId: string, serial: string, status: EnrolledCertificate['status']): EnrolledCertificate => ({
  id,
  commonName: 'RAVI KUMAR',
  subject: 'CN=RAVI KUMAR',
  issuer: 'CN=Demo Sub-CA 2026',
  serialNumber: serial,
  fingerprint: status === 'revoked' ? 'ff' : sha256(`cert-${agentId}`),
  notBefore: '2026-01-01T00:00:00.000Z',
  notAfter: '2028-01-01T00:00:00.000Z',
  certificateClass: 'Class 3',
  status,
  enrolledAt: '2026-02-01T00:00:00.000Z',
  revokedAt: null,
  revokedReason: null,
  user: { id: 'u1', name: 'Ravi Kumar', nameHi: 'रवि कुमार', username: 'ravi' },
});

interface World {
  up: boolean;
  paired: boolean;
  session: boolean;
  triesLeft: number;
  enrolled: EnrolledCertificate[];
  /** Answer of POST /v1/sign (default: sign every digest, answering in reverse order). */
  sign?: () => Response;
  complete?: () => Response;
  enrol?: () => Response;
}
interface Call {
  method: string;
  url: string;
  body: unknown;
  auth: string | null;
}

function world(w: World) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = String(input);
      const method = (init.method ?? 'GET').toUpperCase();
      const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
      calls.push({ method, url, body, auth: new Headers(init.headers).get('authorization') });
      const key = `${method} ${url}`;
      if (url.startsWith(AGENT)) {
        if (!w.up) throw new TypeError('Failed to fetch');
        switch (key) {
          case `GET ${AGENT}/v1/status`:
            return jsonResponse(200, {
              agent: AGENT_NAME,
              version: '1.0.0',
              store: 'pkcs11',
              demo: false,
              paired: w.paired,
              session: { open: w.session, expiresAt: w.session ? '2099-01-01T00:00:00.000Z' : null },
            });
          case `POST ${AGENT}/v1/pair`:
            w.paired = true;
            return jsonResponse(200, { token: 'tok-1' });
          case `POST ${AGENT}/v1/session`:
            if (body.pin !== '4321') {
              w.triesLeft--;
              return jsonResponse(401, { code: 'WRONG_PIN', message: { en: 'Wrong PIN', hi: 'गलत पिन' }, triesLeft: w.triesLeft });
            }
            w.session = true;
            return jsonResponse(200, { open: true, expiresAt: '2099-01-01T00:00:00.000Z' });
          case `GET ${AGENT}/v1/certificates`:
            return jsonResponse(200, { certificates: onToken });
          case `POST ${AGENT}/v1/sign`: {
            if (w.sign) return w.sign();
            const items = body.items as { digest: string }[];
            const cert = onToken.find((c) => c.id === body.certificateId)!;
            return jsonResponse(200, {
              algorithm: 'RSA',
              certificate: cert.certificate,
              chain: cert.chain,
              signatures: items.map((i) => ({ digest: i.digest, signature: b64(`sig(${i.digest})`) })).reverse(),
            });
          }
        }
      }
      switch (key) {
        case 'GET /api/auth/csrf':
          return jsonResponse(200, { token: 'csrf' });
        case 'GET /api/signing/config':
          return jsonResponse(200, { agentUrl: AGENT, demo: false, requiredPolicyOid: null });
        case 'GET /api/signing/certificates':
          return jsonResponse(200, { certificates: w.enrolled });
        case 'POST /api/signing/requests':
          return jsonResponse(201, {
            id: 'req-1',
            expiresAt: '2099-01-01T00:00:00.000Z',
            items: (body.items as SignItem[]).map((_, index) => ({
              index,
              type: 'note',
              title: `Note ${index + 1} of PBT/SP/CRIME/1/2026`,
              digest: b64(`digest-${index}`),
            })),
          });
        case 'POST /api/signing/requests/req-1/complete':
          if (w.complete) return w.complete();
          return jsonResponse(200, {
            items: [
              { index: 0, type: 'note', noteId: 'n1' },
              { index: 1, type: 'note', noteId: 'n2' },
            ],
          });
        case 'DELETE /api/signing/requests/req-1':
          return new Response(null, { status: 204 });
        case 'POST /api/signing/enrolment-challenge':
          return jsonResponse(201, {
            challengeId: 'ch-1',
            title: 'Enrolment of your DSC in Patravali',
            digest: b64('challenge'),
            expiresAt: '2099-01-01T00:00:00.000Z',
          });
        case 'POST /api/signing/certificates':
          return w.enrol ? w.enrol() : jsonResponse(201, { certificate: enrolled('enr-b', 'b', '0C2D', 'active') });
      }
      return jsonResponse(404, { error: 'NOT_FOUND', message: `no fake for ${key}` });
    }),
  );
  return calls;
}

const items: SignItem[] = [
  { type: 'note', fileId: 'f1', noteId: 'n1' },
  { type: 'note', fileId: 'f1', noteId: 'n2' },
];
const mounted: VueWrapper[] = [];

beforeEach(() => {
  localStorage.clear();
  applyLocale('en');
});
afterEach(() => {
  for (const w of mounted.splice(0)) w.unmount();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

function open(props: Record<string, unknown> = { items, titles: ['Note 1', 'Note 2'] }) {
  const h = createHarness();
  const w = mount(SigningDialog, { props: { visible: true, ...props }, global: { plugins: h.plugins }, attachTo: document.body });
  mounted.push(w);
  return w;
}
const el = <T extends HTMLElement = HTMLElement>(id: string) => document.body.querySelector<T>(`[data-testid="${id}"]`);
const step = () => el('signing-step')?.dataset.step;
async function reach(s: string) {
  await vi.waitFor(() => expect(step()).toBe(s), { timeout: 2000, interval: 5 });
  await flushPromises();
}
async function type(id: string, value: string) {
  const input = el<HTMLInputElement>(id)!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await flushPromises();
}
async function submit(id: string) {
  el(id)!.closest('form')!.dispatchEvent(new Event('submit'));
  await flushPromises();
}

describe('SigningDialog', () => {
  it('walks from "agent not running" through pairing and PIN to signing every item in one batch', async () => {
    const w: World = {
      up: false,
      paired: false,
      session: false,
      triesLeft: 3,
      enrolled: [enrolled('enr-a', 'a', 'a1b', 'active'), enrolled('enr-c', 'c', '3E4F', 'revoked')],
    };
    const calls = world(w);
    const dialog = open();

    await reach('agentDown');
    expect(el('signing-agent-down')!.textContent).toContain('a small program on your computer');
    expect(el('signing-agent-down')!.textContent).not.toContain('npm run agent');
    w.up = true;
    el('signing-agent-retry')!.click();

    await reach('pair');
    await type('signing-pair-code', '12345');
    await submit('signing-pair-code');
    expect(el('signing-error')!.textContent).toContain('6 digits');
    await type('signing-pair-code', '123456');
    await submit('signing-pair-code');

    await reach('pin');
    expect(localStorage.getItem(`patravali.signingAgent.token:${AGENT}`)).toBe('tok-1');
    await type('signing-pin', '1111');
    await submit('signing-pin');
    await flushPromises();
    expect(el('signing-error')!.textContent).toContain('Wrong PIN');
    expect(el('signing-pin-tries')!.textContent).toBe('2 tries left before the token locks.');
    expect(el<HTMLInputElement>('signing-pin')!.value).toBe('');
    await type('signing-pin', '4321');
    await submit('signing-pin');

    await reach('certificate');
    // only the enrolled, active certificate can be chosen (matched by fingerprint); the others offer enrolment
    expect(document.body.querySelectorAll('input[name="signing-cert"]')).toHaveLength(1);
    expect(el<HTMLInputElement>('signing-cert-enr-a')!.checked).toBe(true);
    expect(el('signing-enrol-b')).not.toBeNull();
    expect(el('signing-agent-cert-status-c')!.textContent).toBe('Revoked');
    expect(el('signing-items')!.textContent).toContain('You are signing 2 items');
    expect(el('signing-item-1')!.textContent).toBe('Note 2');
    expect(el('signing-submit')!.textContent).toContain('Sign 2 items');

    el('signing-submit')!.click();
    await reach('done');

    const create = calls.find((c) => c.url === '/api/signing/requests')!;
    expect(create.body).toEqual({ certificateId: 'enr-a', items });
    const sign = calls.find((c) => c.url === `${AGENT}/v1/sign`)!;
    expect(sign.auth).toBe('Bearer tok-1');
    expect(sign.body).toEqual({
      certificateId: 'a',
      items: [
        { title: 'Note 1 of PBT/SP/CRIME/1/2026', digest: b64('digest-0') },
        { title: 'Note 2 of PBT/SP/CRIME/1/2026', digest: b64('digest-1') },
      ],
    });
    const complete = calls.find((c) => c.url === '/api/signing/requests/req-1/complete')!;
    // the agent answered in reverse order: the API gets the signatures in item order
    expect(complete.body).toEqual({
      certificate: b64('cert-a'),
      chain: [b64('sub-ca')],
      signatures: [b64(`sig(${b64('digest-0')})`), b64(`sig(${b64('digest-1')})`)],
    });
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    expect(el('signing-done')!.textContent).toContain('Signed 2 items');
    expect(el('signing-result-1')!.textContent).toContain('Note 2 of PBT/SP/CRIME/1/2026');
    expect(dialog.emitted('signed')?.[0]?.[0]).toHaveLength(2);
  });

  it('cancels the request when storing the signatures fails, and stays on the certificate with a retry', async () => {
    const calls = world({
      up: true,
      paired: true,
      session: true,
      triesLeft: 3,
      enrolled: [enrolled('enr-a', 'a', '0a1b', 'active')],
      complete: () => jsonResponse(422, { error: 'BAD_SIGNATURE', message: 'Signature 1 does not verify' }),
    });
    localStorage.setItem(`patravali.signingAgent.token:${AGENT}`, 'tok-1');
    const dialog = open();
    await reach('certificate');
    el('signing-submit')!.click();
    await vi.waitFor(() => expect(calls.some((c) => c.method === 'DELETE' && c.url === '/api/signing/requests/req-1')).toBe(true));
    await reach('certificate');
    expect(el('signing-error')!.textContent).toContain('Signature 1 does not verify');
    expect(el('signing-submit')!.textContent).toContain('Try signing again');
    expect(dialog.emitted('signed')).toBeUndefined();
  });

  it('goes back to the PIN when the session ended while signing, giving the request back', async () => {
    const calls = world({
      up: true,
      paired: true,
      session: true,
      triesLeft: 3,
      enrolled: [enrolled('enr-a', 'a', '0a1b', 'active')],
      sign: () => jsonResponse(401, { code: 'SESSION_REQUIRED', message: { en: 'Enter the PIN first', hi: 'पहले पिन भरें' } }),
    });
    localStorage.setItem(`patravali.signingAgent.token:${AGENT}`, 'tok-1');
    open();
    await reach('certificate');
    el('signing-submit')!.click();
    await reach('pin');
    expect(el('signing-error')!.textContent).toContain('Enter the PIN first');
    expect(calls.some((c) => c.method === 'DELETE' && c.url === '/api/signing/requests/req-1')).toBe(true);
  });

  it('offers enrolment when no certificate is enrolled, and explains a refusal', async () => {
    let refuse = true;
    const w: World = {
      up: true,
      paired: true,
      session: true,
      triesLeft: 3,
      enrolled: [],
      enrol: () => {
        if (refuse)
          return jsonResponse(422, {
            error: 'CERT_REJECTED',
            message: 'Certificate not accepted: expired; untrusted',
            details: { reasons: ['expired', 'untrusted'] },
          });
        w.enrolled = [enrolled('enr-b', 'b', '0C2D', 'active')];
        return jsonResponse(201, { certificate: w.enrolled[0] });
      },
    };
    const calls = world(w);
    localStorage.setItem(`patravali.signingAgent.token:${AGENT}`, 'tok-1');
    const dialog = open();
    await reach('certificate');
    expect(el('signing-no-cert')).not.toBeNull();
    expect((el('signing-submit') as HTMLButtonElement).disabled).toBe(true);

    el('signing-enrol-b')!.click();
    await vi.waitFor(() => expect(el('signing-reject-reasons')).not.toBeNull());
    expect(el('signing-reject-expired')!.textContent).toBe('It has expired.');
    expect(el('signing-reject-untrusted')!.textContent).toContain('certifying authority');
    const proof = calls.find((c) => c.url === `${AGENT}/v1/sign`)!;
    expect(proof.body).toEqual({ certificateId: 'b', items: [{ title: 'Enrolment of your DSC in Patravali', digest: b64('challenge') }] });
    expect(calls.find((c) => c.url === '/api/signing/certificates' && c.method === 'POST')!.body).toEqual({
      challengeId: 'ch-1',
      certificate: b64('cert-b'),
      chain: [b64('sub-ca')],
      signature: b64(`sig(${b64('challenge')})`),
    });

    refuse = false;
    el('signing-enrol-b')!.click();
    await vi.waitFor(() => expect(el('signing-cert-enr-b')).not.toBeNull());
    expect(el<HTMLInputElement>('signing-cert-enr-b')!.checked).toBe(true);
    expect(el('signing-enrolled')!.textContent).toContain('Enrolled: RAVI KUMAR');
    expect(el('signing-error')).toBeNull();
    expect(dialog.emitted('enrolled')).toHaveLength(1);
  });

  it('shows the PIN as locked', async () => {
    localStorage.setItem(`patravali.signingAgent.token:${AGENT}`, 'tok-1');
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
        const url = String(input);
        if (url === '/api/signing/config') return jsonResponse(200, { agentUrl: AGENT, demo: true, requiredPolicyOid: null });
        if (url === `${AGENT}/v1/status`)
          return jsonResponse(200, {
            agent: AGENT_NAME,
            version: '1',
            store: 'pkcs11',
            demo: true,
            paired: true,
            session: { open: false, expiresAt: null },
          });
        if (url === `${AGENT}/v1/session` && init.method === 'POST')
          return jsonResponse(423, { code: 'PIN_LOCKED', message: { en: 'Token locked', hi: 'टोकन लॉक' } });
        return jsonResponse(404, {});
      }),
    );
    open();
    await reach('pin');
    expect(el('signing-demo')).not.toBeNull();
    await type('signing-pin', '0000');
    await submit('signing-pin');
    await vi.waitFor(() => expect(el('signing-error')?.textContent).toContain('Token locked'));
    expect((el('signing-pin-submit') as HTMLButtonElement).disabled).toBe(true);
    expect(el('signing-pin-tries')).toBeNull();
  });
});
