import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { api } from '../../../api/client';
import { applyLocale } from '../../../i18n';
import { createHarness, fakeApi } from '../../../testing/harness';
import type { IssuedSummary, VerifiedSignature, VerifyReport } from '../types';
import VerifyView from './VerifyView.vue';
import VerifyCodeView from './VerifyCodeView.vue';

vi.mock('../../../realtime/socket', () => import('../../../testing/quietSocket'));

const issued: IssuedSummary = {
  issueNumber: 'SP-PBT/2026/15',
  date: '2026-04-02',
  subject: 'Security arrangements for the fair',
  office: 'SP Office Pilibhit',
  officeHi: 'पुलिस अधीक्षक कार्यालय पीलीभीत',
  status: 'issued_dispatched',
  signers: [{ name: 'RAVI KUMAR', signedAt: '2026-04-02T10:00:00Z' }],
  sha256: 'ab'.repeat(32),
  matchesLatest: true,
};
const sig: VerifiedSignature = {
  signer: 'RAVI KUMAR',
  signerCertificate: {
    subject: 'CN=RAVI KUMAR',
    issuer: 'CN=Demo Sub-CA 2026',
    serialNumber: '0A1B',
    notBefore: '2026-01-01T00:00:00Z',
    notAfter: '2028-01-01T00:00:00Z',
    fingerprint: 'cd',
  },
  integrity: true,
  coversWholeDocument: false,
  trusted: true,
  certificateValidAtSigning: true,
  keyUsageOk: true,
  certificateClass: 'Class 3',
  signingTime: '2026-04-02T10:00:00Z',
  revocation: 'unknown',
  revocationNote: 'CRL not reachable',
  subFilter: 'ETSI.CAdES.detached',
  reason: null,
  enrolledOfficer: true,
  problems: [],
  kind: 'signature',
  digestAlgorithm: 'SHA-256',
  byteRange: [0, 100, 200, 50],
  timestamp: null,
};
const stamp: VerifiedSignature = {
  ...sig,
  kind: 'timestamp',
  signer: 'Corpus TSA',
  subFilter: 'ETSI.RFC3161',
  enrolledOfficer: false,
  certificateClass: null,
  coversWholeDocument: true,
  revocation: 'good',
  digestAlgorithm: 'SHA-512',
  byteRange: [0, 300, 400, 20],
  signingTime: '2026-04-03T08:30:00Z',
  timestamp: { time: '2026-04-03T08:30:00Z', authority: 'Corpus TSA', policy: '1.2.3.4.1', serialNumber: '01', hashAlgorithm: 'SHA-512' },
};

beforeEach(() => applyLocale('en'));
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

async function choose(w: ReturnType<typeof mount>, name: string, type = 'application/pdf') {
  const input = w.get<HTMLInputElement>('[data-testid="verify-input"]').element;
  Object.defineProperty(input, 'files', { value: [new File(['%PDF-1.7'], name, { type })], configurable: true });
  input.dispatchEvent(new Event('change'));
  await flushPromises();
}

function mountPage(component: unknown, path = '/verify') {
  const h = createHarness();
  return h.router.push(path).then(() => mount(component as never, { global: { plugins: h.plugins }, attachTo: document.body }));
}

describe('public verification', () => {
  it('explains each check of each signature and names the issued document', async () => {
    fakeApi({ 'GET /api/me': { status: 401, body: { error: 'UNAUTHENTICATED', message: 'Sign in' } } });
    const upload = vi.spyOn(api, 'upload').mockResolvedValue({
      isPdf: true,
      message: '',
      signatures: [sig, { ...sig, coversWholeDocument: true, revocation: 'revoked' }],
      issued,
    } satisfies VerifyReport);
    const w = await mountPage(VerifyView);
    await choose(w, 'letter.pdf');

    expect(upload).toHaveBeenCalledOnce();
    expect(upload.mock.calls[0]![0]).toBe('/api/verify');
    expect((upload.mock.calls[0]![1] as FormData).get('file')).toBeInstanceOf(File);
    expect(w.get('[data-testid="verify-result"]').attributes('data-outcome')).toBe('signed');
    expect(w.get('[data-testid="verify-issued-number"]').text()).toBe('SP-PBT/2026/15');
    expect(w.get('[data-testid="verify-issued-status"]').text()).toBe('Issued & dispatched');
    expect(w.get('[data-testid="verify-signature-0-signer"]').text()).toBe('RAVI KUMAR');
    expect(w.get('[data-testid="verify-signature-0-verdict"]').text()).toBe('Valid, with remarks');
    expect(w.get('[data-testid="verify-check-0-coverage"]').attributes('data-level')).toBe('warn');
    expect(w.get('[data-testid="verify-check-0-revocation"]').text()).toContain('could not be checked');
    expect(w.get('[data-testid="verify-check-0-revocation"]').text()).toContain('CRL not reachable');
    expect(w.get('[data-testid="verify-signature-1-verdict"]').text()).toBe('Not valid');
    expect(w.get('[data-testid="verify-check-1-revocation"]').text()).toContain('Revoked');
    w.unmount();
  });

  it('shows a document timestamp as a timestamp (when, by which authority), and problems in plain words', async () => {
    fakeApi({ 'GET /api/me': { status: 401, body: { error: 'UNAUTHENTICATED', message: 'Sign in' } } });
    const weak = { ...sig, integrity: false, digestAlgorithm: 'SHA-1', problems: ['notDetached', 'weakDigest'] };
    vi.spyOn(api, 'upload').mockResolvedValue({ isPdf: true, message: '', signatures: [weak, stamp], issued: null } satisfies VerifyReport);
    const w = await mountPage(VerifyView);
    await choose(w, 'stamped.pdf');
    expect(w.get('[data-testid="verify-signature-1"]').attributes('data-kind')).toBe('timestamp');
    expect(w.get('[data-testid="verify-signature-1"]').text()).toContain('Document timestamp 2');
    expect(w.get('[data-testid="verify-timestamp-1-authority"]').text()).toBe('Corpus TSA');
    expect(w.get('[data-testid="verify-signature-1-verdict"]').text()).toBe('Valid');
    expect(w.get('[data-testid="verify-check-1-integrity"]').text()).toContain('Not changed since it was time-stamped');
    expect(w.get('[data-testid="verify-check-1-keyUsage"]').text()).toContain('time-stamping authority');
    expect(w.get('[data-testid="verify-signature-0-verdict"]').text()).toBe('Not valid');
    expect(w.get('[data-testid="verify-check-0-digest"]').attributes('data-level')).toBe('warn');
    expect(w.get('[data-testid="verify-signature-0-problems"]').text()).toContain('carries content of its own');
    expect(w.find('[data-testid="verify-timestamps-only"]').exists()).toBe(false);
    w.unmount();

    vi.spyOn(api, 'upload').mockResolvedValue({ isPdf: true, message: '', signatures: [stamp], issued: null } satisfies VerifyReport);
    applyLocale('hi');
    const only = await mountPage(VerifyView);
    await choose(only, 'stamped.pdf');
    expect(only.get('[data-testid="verify-timestamps-only"]').text()).toMatch(/टाइमस्टैम्प/);
    expect(only.get('[data-testid="verify-signature-0"]').text()).toContain('दस्तावेज़ टाइमस्टैम्प 1');
    only.unmount();
  });

  it('says plainly when the file is not a PDF, or carries no signature', async () => {
    fakeApi({ 'GET /api/me': { status: 401, body: { error: 'UNAUTHENTICATED', message: 'Sign in' } } });
    const upload = vi
      .spyOn(api, 'upload')
      .mockResolvedValueOnce({ isPdf: false, message: 'This is not a PDF file.', signatures: [], issued: null });
    const w = await mountPage(VerifyView);
    await choose(w, 'photo.jpg', 'image/jpeg');
    expect(w.get('[data-testid="verify-not-pdf"]').text()).toContain('This is not a PDF file.');

    upload.mockResolvedValueOnce({ isPdf: true, message: '', signatures: [], issued: null });
    await choose(w, 'scan.pdf');
    expect(w.get('[data-testid="verify-unsigned"]').text()).toContain('no digital signature');
    expect(w.find('[data-testid="verify-not-issued"]').exists()).toBe(false);
    w.unmount();
  });

  it('the QR page shows the register’s record and compares the copy in hand', async () => {
    const api0 = fakeApi({
      'GET /api/me': { status: 401, body: { error: 'UNAUTHENTICATED', message: 'Sign in' } },
      'GET /api/verify/code/tok.en.sig': {
        status: 200,
        body: {
          token: { valid: true, reason: null, payload: { n: issued.issueNumber, d: issued.date, o: 'x', h: 'y', iss: 'z' } },
          document: issued,
        },
      },
    });
    vi.spyOn(api, 'upload').mockResolvedValue({
      isPdf: true,
      message: '',
      signatures: [sig],
      issued: { ...issued, issueNumber: 'SP-PBT/2026/16' },
    });
    applyLocale('hi');
    const w = await mountPage(VerifyCodeView, '/verify/tok.en.sig');
    await flushPromises();
    expect(api0.requests.some((r) => r.url === '/api/verify/code/tok.en.sig')).toBe(true);
    expect(w.get('[data-testid="verify-token"]').attributes('data-valid')).toBe('true');
    expect(w.get('[data-testid="verify-doc-number"]').text()).toBe('SP-PBT/2026/15');
    expect(w.get('[data-testid="verify-doc-office"]').text()).toBe('पुलिस अधीक्षक कार्यालय पीलीभीत');
    expect(w.get('[data-testid="verify-doc-sha256"]').text()).toBe('ab'.repeat(32));
    await choose(w, 'copy.pdf');
    expect(w.get('[data-testid="verify-compare"]').attributes('data-match')).toBe('false');
    w.unmount();
  });
});

describe('routes', () => {
  it('the verification pages need no login; My DSC and the register do', async () => {
    fakeApi({ 'GET /api/me': { status: 401, body: { error: 'UNAUTHENTICATED', message: 'Sign in' } } });
    const h = createHarness();
    await h.router.push('/verify');
    expect(h.router.currentRoute.value.name).toBe('verify');
    await h.router.push('/verify/abc.def.ghi');
    expect(h.router.currentRoute.value.name).toBe('verify-code');
    await h.router.push('/signing');
    expect(h.router.currentRoute.value.name).toBe('login');
    await h.router.push('/dispatch');
    expect(h.router.currentRoute.value.query.redirect).toBe('/dispatch');
  });
});
