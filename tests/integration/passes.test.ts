/**
 * Passes and certificates issued on approval (issue 16): the office's document signer is a SoftHSM token
 * made at test time (its key generated inside it, certified by a test root); every issued PDF is checked
 * by independent verifiers (pdfsig with an NSS database trusting only the test root, `openssl cms`), its
 * QR is decoded from the rendered page (pdftoppm at 150 dpi + zbarimg) into a token our verifier accepts;
 * the SMS carries the short link; /p, the public verifier and the revocation list follow cancellation.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import sharp from 'sharp';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCa, issueCertificate, type Issued } from '../support/pki.js';
import { createSoftHsmToken, SOFTHSM_LIBRARY, type SoftHsmToken } from '../support/softhsm.js';
import { startAgent, type RunningAgent } from '../support/agent-driver.js';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { ApiClient, loggedIn } from '../support/api-client.js';
import { lastSms as smsTo, signInCitizen } from '../support/citizen.js';
import { ensureSoftHsmDocumentSigner } from '../../backend/src/infra/hsm/softhsm.js';
import { checkPassToken } from '../../backend/src/modules/passes/index.js';

const run = promisify(execFile);
const PUBLIC = 'http://127.0.0.1:3999';
let dir: string;
let root: Issued;
let system: TestSystem;
let base: string;
let db: pg.Pool;
const areas = new Map<string, string>();

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'passes-test-'));
  root = createCa({ commonName: 'Patravali Test Root CA' });
  await writeFile(path.join(dir, 'root.pem'), root.certPem);
  await run('mkdir', ['-p', `${dir}/nss`]);
  await run('certutil', ['-N', '-d', `sql:${dir}/nss`, '--empty-password']);
  await run('certutil', ['-A', '-d', `sql:${dir}/nss`, '-n', 'test-root', '-t', 'CT,C,C', '-i', path.join(dir, 'root.pem')]);
  const hsm = await ensureSoftHsmDocumentSigner({
    dir: path.join(dir, 'hsm'),
    label: 'Test document signer',
    pin: '864213',
    soPin: '97531135',
    ca: root,
    commonName: 'Document Signer, District Collectorate Pilibhit',
    organization: 'Government of Uttar Pradesh',
  });
  system = await bootSystem({
    env: {
      SIGNING_TRUST_ANCHORS: path.join(dir, 'root.pem'),
      PUBLIC_URL: PUBLIC,
      DOCUMENT_SIGNER_PKCS11_LIBRARY: hsm.library,
      DOCUMENT_SIGNER_TOKEN_LABEL: 'Test document signer',
      DOCUMENT_SIGNER_PIN: '864213',
      DOCUMENT_SIGNER_KEY_ID: hsm.keyId,
      OTP_PER_MOBILE: '50',
      OTP_PER_IP: '500',
    },
  });
  base = `http://127.0.0.1:${(system.httpServer!.address() as { port: number }).port}`;
  db = new pg.Pool({ connectionString: system.db.url, max: 2 });
  for (const r of (await db.query(`select code, id from area`)).rows) areas.set(r.code, r.id);
}, 120_000);

afterAll(async () => {
  await db?.end();
  await system?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

let nextMobile = 9_300_000_100;
const today = () => new Date(Date.now() + 5.5 * 3600_000).toISOString().slice(0, 10);
const plusDays = (n: number) => new Date(Date.parse(`${today()}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** An instant given in India time. */
const ist = (dateTime: string) => new Date(`${dateTime}:00+05:30`);

const lastSms = (mobile: string, related?: string) => smsTo(db, mobile, related);
async function citizen(lang: 'hi' | 'en' = 'en') {
  const mobile = String(nextMobile++);
  return { client: await signInCitizen(base, db, mobile, lang), mobile };
}
const keys = async () => (await new ApiClient(base).get('/api/verify/keys')).body.keys;
async function approve(who: ApiClient, id: string, action = 'approve') {
  const v = (await who.request('GET', `/api/applications/${id}`)).body.version;
  const r = await who.post(`/api/applications/${id}/actions/${action}`, { version: v });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}
/** Waits for the sign job: the document as `get` answers it once it is issued. */
async function issued(get: () => Promise<{ status: number; body: any }>) {
  for (let i = 0; i < 120; i++) {
    const r = await get();
    if (r.status === 200 && r.body.status === 'issued') return r.body;
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error('the document was not signed within 30 s');
}
const pdfsig = async (pdf: string) =>
  (await run('pdfsig', ['-nssdir', `sql:${dir}/nss`, pdf]).catch((e) => ({ stdout: String(e.stdout ?? ''), stderr: '' }))).stdout;
function signedParts(pdf: Buffer) {
  const text = pdf.toString('latin1');
  const [a, b, c, d] = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)]
    .at(-1)!
    .slice(1)
    .map(Number) as number[];
  const der = Buffer.from(text.slice(b! + 1, c! - 1), 'hex');
  const lenBytes = der[1]! & 0x7f;
  const len = der[1]! < 0x80 ? der[1]! + 2 : 2 + lenBytes + der.subarray(2, 2 + lenBytes).reduce((n, x) => n * 256 + x, 0);
  return { cms: der.subarray(0, len), content: Buffer.concat([pdf.subarray(a!, a! + b!), pdf.subarray(c!, c! + d!)]) };
}
/** pdfsig and openssl cms both accept the signature, against the test root only. */
async function independentlyValid(name: string, pdf: Buffer) {
  const file = path.join(dir, `${name}.pdf`);
  await writeFile(file, pdf);
  const sig = await pdfsig(file);
  expect(sig).toMatch(/Signature Type: ETSI\.CAdES\.detached/);
  expect(sig).toMatch(/Signature Validation: Signature is Valid/);
  expect(sig).toMatch(/Certificate Validation: Certificate is Trusted/);
  expect(sig).toMatch(/Total document signed/);
  expect(sig).toMatch(/Document Signer, District Collectorate Pilibhit/);
  const parts = signedParts(pdf);
  await writeFile(path.join(dir, `${name}.cms`), parts.cms);
  await writeFile(path.join(dir, `${name}.content`), parts.content);
  const out = await run('openssl', [
    'cms',
    '-verify',
    '-binary',
    '-inform',
    'DER',
    '-in',
    path.join(dir, `${name}.cms`),
    '-content',
    path.join(dir, `${name}.content`),
    '-CAfile',
    path.join(dir, 'root.pem'),
    '-purpose',
    'any',
    '-out',
    '/dev/null',
  ]);
  expect(out.stderr).toMatch(/Verification successful/);
  return file;
}
/** The QR on page 1 as printed at 150 dpi, read by zbarimg. */
async function qrOf(file: string): Promise<string> {
  const prefix = path.join(dir, `${path.basename(file, '.pdf')}-p`);
  await run('pdftoppm', ['-r', '150', '-f', '1', '-l', '1', '-tiff', file, prefix]);
  const tiff = (await readdir(dir)).find((f) => f.startsWith(path.basename(prefix)) && f.endsWith('.tif'))!;
  const { stdout } = await run('zbarimg', ['--quiet', '--raw', path.join(dir, tiff)]);
  return stdout.trim();
}
const download = async (url: string, cookie?: string) => {
  const res = await fetch(base + url, cookie ? { headers: { cookie } } : {});
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
};

describe('an approved e-pass', () => {
  let ref: string;
  let doc: any;
  let mobile: string;
  let pdfFile: string;

  it('is issued as a PAdES PDF signed by the office’s document signer in the HSM, valid for pdfsig and openssl; the SMS carries its short link', async () => {
    const c = await citizen('hi');
    mobile = c.mobile;
    const filed = await c.client.post('/api/public/applications', {
      service: 'EPASS',
      data: {
        name: 'रमेश कुमार',
        mobile: '9876543210',
        category: 'medical',
        from: { areaId: areas.get('PBT-L-KHAKRA'), line: 'House 12' },
        to: { line: 'Civil Lines', district: 'Bareilly', state: 'UP' },
        travelDate: plusDays(1),
        vehicle: 'UP 26 AB 1234',
        persons: 2,
        idProof: { kind: 'aadhaar', number: '2345 6789 0123' },
      },
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    ref = filed.body.referenceNumber;
    const adm = await loggedIn(base, 'adm');
    // nothing is issued before the approval
    expect((await c.client.request('GET', `/api/public/applications/${encodeURIComponent(ref)}/document`)).status).toBe(404);
    await approve(adm, filed.body.id);
    doc = await issued(() => c.client.request('GET', `/api/public/applications/${encodeURIComponent(ref)}/document`));
    expect(doc).toMatchObject({
      kind: 'pass',
      referenceNumber: ref,
      holderName: 'रमेश कुमार',
      maskedId: 'aadhaar:0123',
      signer: 'office',
      state: 'notYetValid',
      validFrom: plusDays(1),
      validUntil: plusDays(1),
      vehicle: 'UP26AB1234',
      authority: { designation: { en: expect.stringMatching(/Additional District Magistrate/) } },
    });
    expect(doc.permitted).toMatch(/→ Bareilly, UP/);
    expect(doc.linkPath).toMatch(/^\/p\/[A-Za-z0-9_-]{22}$/);
    // the approval SMS, in Hindi, with the short link
    const sms = await lastSms(mobile, 'application');
    expect(sms).toContain(`${PUBLIC}${doc.linkPath}`);
    expect(sms).toContain(ref);
    expect(sms).toMatch(/स्वीकृत/);

    const pdf = await download(doc.pdfUrl, c.client.cookieHeader());
    expect(pdf.type).toMatch(/application\/pdf/);
    pdfFile = await independentlyValid('epass', pdf.bytes);
    const { stdout } = await run('pdftotext', [pdfFile, '-']);
    expect(stdout).toContain('रमेश कुमार');
    expect(stdout).toContain('आवागमन पास (ई-पास)');
    expect(stdout).toContain(ref);
    expect(stdout).toContain(`${plusDays(1).split('-').reverse().join('.')}`);
    expect(stdout).toContain('••••0123');
    expect(stdout).toMatch(/Additional District Magistrate/);
    expect(stdout).not.toContain('2345'); // the ID's other digits never reach the document
  });

  it('carries a QR that zbarimg reads from the page at 150 dpi: the signed token, which the checkpoints’ verifier accepts', async () => {
    const token = await qrOf(pdfFile);
    expect(token).toBe(doc.token);
    const version = QRCode.create(token, { errorCorrectionLevel: 'L' }).version;
    console.info(`e-pass token: ${token.length} characters, QR version ${version} (level L)`);
    expect(version).toBeLessThanOrEqual(16);
    const k = await keys();
    const check = await checkPassToken(token, { keys: k, isRevoked: () => false, now: ist(`${plusDays(1)}T09:00`) });
    expect(check.verdict).toBe('valid');
    expect(check.claims).toMatchObject({
      r: ref,
      s: 'EPASS',
      k: 'pass',
      m: 'aadhaar:0123',
      vh: 'UP26AB1234',
      f: plusDays(1),
      u: plusDays(1),
    });
    expect((await checkPassToken(token, { keys: k, isRevoked: () => false, now: new Date() })).verdict).toBe('notYetValid');
    expect((await checkPassToken(token, { keys: k, isRevoked: () => false, now: ist(`${plusDays(2)}T00:01`) })).verdict).toBe('expired');
    // a changed claim breaks the signature
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = [h, Buffer.from(JSON.stringify({ ...claims, u: plusDays(30) })).toString('base64url'), s].join('.');
    expect((await checkPassToken(forged, { keys: k, isRevoked: () => false, now: new Date() })).verdict).toBe('forged');
    const anon = new ApiClient(base);
    const bad = (await anon.get(`/api/verify/code/${forged}`)).body;
    expect(bad.token.valid).toBe(false);
    expect(bad.pass ?? null).toBeNull();
  });

  it('opens from the short link without a login; the public verifier names the office’s document signer, for the token and for the PDF', async () => {
    const anon = new ApiClient(base);
    const page = await anon.get(`/api/public${doc.linkPath}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ state: 'notYetValid', referenceNumber: ref, pass: { token: doc.token, holderName: 'रमेश कुमार' } });
    const pdf = await download(page.body.pass.pdfUrl);
    expect(pdf.status).toBe(200);
    expect(createHash('sha256').update(pdf.bytes).digest('hex')).toBe(
      (await db.query('select sha256 from issued_document where id = $1', [doc.id])).rows[0].sha256,
    );
    expect((await anon.get('/api/public/p/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);

    const code = (await anon.get(`/api/verify/code/${doc.token}`)).body;
    expect(code.pass).toMatchObject({
      verdict: 'notYetValid',
      referenceNumber: ref,
      status: 'issued',
      signer: 'office',
      signedBy: { en: expect.stringMatching(/^Document signer of /) },
    });
    const form = new FormData();
    form.append('file', new Blob([pdf.bytes], { type: 'application/pdf' }), 'pass.pdf');
    const report = (await anon.request('POST', '/api/verify', form)).body;
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({ integrity: true, trusted: true, coversWholeDocument: true });
    expect(report.pass).toMatchObject({ referenceNumber: ref, matchesDocument: true, signer: 'office' });
  });

  it('is cancelled only by the issuing office’s authority: others get 404, a stale version 409; then /p, the verifier and the revocation list say so and the applicant gets an SMS', async () => {
    for (const user of ['sdm.sadar', 'sp', 'sho.sungarhi']) {
      const other = await loggedIn(base, user);
      expect((await other.post(`/api/passes/${doc.id}/cancel`, { reason: 'Misuse', version: doc.version })).status, user).toBe(404);
      expect((await other.request('GET', `/api/passes/${doc.id}`)).status, user).toBe(404);
    }
    const adm = await loggedIn(base, 'adm');
    const staffView = (await adm.request('GET', `/api/passes/${doc.id}`)).body;
    expect(staffView.abilities.cancel).toBe(true);
    expect((await adm.post(`/api/passes/${doc.id}/cancel`, { reason: 'Misuse', version: staffView.version + 5 })).status).toBe(409);
    const cancelled = await adm.post(`/api/passes/${doc.id}/cancel`, {
      reason: 'Travel purpose found false',
      version: staffView.version,
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', state: 'cancelled', abilities: { cancel: false } });
    expect((await adm.post(`/api/passes/${doc.id}/cancel`, { reason: 'again', version: cancelled.body.version })).status).toBe(422);

    const anon = new ApiClient(base);
    const page = (await anon.get(`/api/public${doc.linkPath}`)).body;
    expect(page).toMatchObject({ state: 'cancelled', pass: null });
    expect(JSON.stringify(page)).not.toContain('रमेश');
    expect((await download(`/api/public${doc.linkPath}/pdf`)).status).toBe(404);
    const revoked = await fetch(`${base}/api/public/passes/revoked`);
    expect(revoked.headers.get('cache-control')).toMatch(/public/);
    expect(((await revoked.json()) as { ids: string[] }).ids).toContain(doc.id);
    expect((await anon.get(`/api/verify/code/${doc.token}`)).body.pass).toMatchObject({ verdict: 'cancelled', status: 'cancelled' });
    const k = await keys();
    const ids = new Set((await anon.get('/api/public/passes/revoked')).body.ids as string[]);
    expect((await checkPassToken(doc.token, { keys: k, isRevoked: (j) => ids.has(j), now: ist(`${plusDays(1)}T09:00`) })).verdict).toBe(
      'cancelled',
    );
    expect(await lastSms(mobile, 'application')).toMatch(/निरस्त/);
    const audit = await db.query(`select action from audit_event where object_id = $1 order by seq`, [doc.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['pass.create', 'pass.sign', 'pass.cancel']);
  });
});

describe('a visitor pass and a verification certificate', () => {
  it('a visitor pass is valid at its office’s gate on the day of the visit, within the visiting hours, with the photo’s hash', async () => {
    const reception = await loggedIn(base, 'reception.sp');
    const photo = await sharp({ create: { width: 240, height: 300, channels: 3, background: '#c08060' } })
      .jpeg()
      .toBuffer();
    const f = new FormData();
    f.append('file', new Blob([photo], { type: 'image/jpeg' }), 'photo.jpg');
    const up = await reception.request('POST', '/api/applications/uploads', f);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const mobile = String(nextMobile++);
    expect((await reception.post('/api/public/otp', { mobile })).status).toBe(201);
    const otp = /\b(\d{6})\b/.exec(await lastSms(mobile))![1]!;
    const filed = await reception.post('/api/applications', {
      service: 'VISITOR-SP',
      applicant: { name: 'Kamla Devi', mobile, otp },
      data: {
        name: 'Kamla Devi',
        mobile,
        section: 'crime',
        visitDate: plusDays(1),
        purpose: 'Meet the in-charge about a complaint',
        idProof: { kind: 'voterId', number: 'XYZ7654321' },
        photo: up.body.id,
      },
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const crime = await loggedIn(base, 'crime.sp');
    await approve(crime, filed.body.id);
    const doc = await issued(() => crime.request('GET', `/api/applications/${filed.body.id}/document`));
    expect(doc).toMatchObject({ kind: 'visitor', validFrom: `${plusDays(1)}T10:00`, validUntil: `${plusDays(1)}T17:30` });
    const pdf = await download(doc.pdfUrl, crime.cookieHeader());
    const file = await independentlyValid('visitor', pdf.bytes);
    const token = await qrOf(file);
    const k = await keys();
    const sha = (await db.query('select sha256 from application_upload where id = $1', [up.body.id])).rows[0].sha256;
    const office = (await db.query(`select o.code from office o join post p on p.office_id = o.id where p.code = 'PBT-SP-CRIME'`)).rows[0]
      .code;
    const at = (when: string, place?: string) => checkPassToken(token, { keys: k, isRevoked: () => false, now: ist(when), place });
    const inside = await at(`${plusDays(1)}T11:00`, office);
    expect(inside.verdict).toBe('valid');
    expect(inside.claims).toMatchObject({
      k: 'visitor',
      g: office,
      m: 'voterId:4321',
      ph: Buffer.from(sha, 'hex').subarray(0, 16).toString('base64url'),
    });
    expect((await at(`${plusDays(1)}T09:59`, office)).verdict).toBe('notYetValid');
    expect((await at(`${plusDays(1)}T17:31`, office)).verdict).toBe('expired');
    expect((await at(`${plusDays(1)}T11:00`, 'PBT-DM')).verdict).toBe('wrongPlace');
    expect((await run('pdftotext', [file, '-'])).stdout).toMatch(/आगंतुक पास/);
    // the photo is on the page
    expect((await run('pdfimages', ['-list', file])).stdout).toMatch(/jpeg|image/);
  });

  it('a character verification ends in a certificate stating the station’s finding, never the case details', async () => {
    const dm = await loggedIn(base, 'dm');
    const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const f = new FormData();
    f.append('file', new Blob([png]), 'consent.png');
    const up = await dm.request('POST', '/api/applications/uploads', f);
    const filed = await dm.post('/api/applications', {
      service: 'CHARVERIFY',
      applicant: { name: 'Mohd. Arif', mobile: '9876500099' },
      data: {
        subjectName: 'Mohd. Arif',
        fatherName: 'Mohd. Yusuf',
        dateOfBirth: '1994-05-12',
        subjectAddress: { areaId: areas.get('PBT-L-SUNGARHI'), line: 'Sungarhi' },
        purpose: 'employment',
        idProof: { kind: 'voterId', number: 'ABC1234567' },
        consent: up.body.id,
      },
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const id = filed.body.id;
    await approve(dm, id, 'forwardToSp');
    await approve(await loggedIn(base, 'sp'), id, 'askStation');
    const sho = await loggedIn(base, 'sho.sungarhi');
    const v = (await sho.request('GET', `/api/applications/${id}`)).body.version;
    const rep = await sho.post(`/api/applications/${id}/actions/submitReport`, {
      version: v,
      report: {
        antecedents: 'found',
        cases: [{ number: 'FIR 112/2019', policeStation: 'Sungarhi', sections: 'IPC 323, 504', status: 'Acquitted' }],
        remarks: 'Acquitted in 2021',
      },
    });
    expect(rep.status).toBe(200);
    // not issued along the chain
    expect((await dm.request('GET', `/api/applications/${id}/document`)).status).toBe(404);
    await approve(dm, id, 'issueCertificate');
    const doc = await issued(() => dm.request('GET', `/api/applications/${id}/document`));
    expect(doc).toMatchObject({ kind: 'certificate', holderName: 'Mohd. Arif', validFrom: today(), validUntil: plusDays(179) });
    const pdf = await download(doc.pdfUrl, dm.cookieHeader());
    const file = await independentlyValid('certificate', pdf.bytes);
    const text = (await run('pdftotext', [file, '-'])).stdout;
    expect(text).toContain('Criminal antecedents found on record');
    expect(text).toContain('आपराधिक पूर्ववृत्त अभिलेख में पाए गए');
    expect(text).toContain('Mohd. Yusuf');
    expect(text).not.toMatch(/FIR 112|IPC 323|Acquitted/);
    expect(await qrOf(file)).toBe(doc.token);
    expect((await checkPassToken(doc.token, { keys: await keys(), isRevoked: () => false, now: new Date() })).verdict).toBe('valid');
    // the office's register lists it
    const register = (await dm.request('GET', `/api/passes?kind=certificate&from=${today()}&to=${today()}`)).body;
    expect(register.items.map((i: any) => i.id)).toContain(doc.id);
    expect((await dm.request('GET', `/api/passes?kind=visitor`)).body.items).toHaveLength(0);
  });
});

describe('documents the approving officer signs (RTS permissions)', () => {
  const PIN = '246810';
  let token: SoftHsmToken;
  let agent: RunningAgent;
  let agentCertId: string;
  let sp: ApiClient;
  let certificateId: string;

  beforeAll(async () => {
    const dsc = issueCertificate(root, { commonName: 'Ramesh Kumar (SP)', organization: 'UP Police' });
    token = await createSoftHsmToken({
      label: 'Officer DSC',
      pin: PIN,
      soPin: '13579111',
      parentDir: dir,
      entries: [{ id: '01', leaf: dsc, chain: [root] }],
    });
    agent = await startAgent({ origin: PUBLIC, args: ['--pkcs11', SOFTHSM_LIBRARY], env: token.env });
    await agent.pair();
    await agent.openSession(PIN);
    agentCertId = (await agent.certificates())[0]!.id;
    sp = await loggedIn(base, 'sp');
    const ch = (await sp.post('/api/signing/enrolment-challenge')).body;
    const signed = await agent.sign(agentCertId, [{ title: ch.title, digest: ch.digest }]);
    const enrolled = await sp.post('/api/signing/certificates', {
      challengeId: ch.challengeId,
      certificate: signed.certificate,
      chain: signed.chain,
      signature: signed.signatures[0]!.signature,
    });
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
    certificateId = enrolled.body.certificate.id;
  }, 120_000);
  afterAll(async () => {
    await agent?.stop();
    await token?.cleanup();
  });

  it('wait until the SP signs them — three NOCs with one PIN through the signing agent — and are then delivered with their links', async () => {
    const { client, mobile } = await citizen('en');
    const venue = { areaId: areas.get('PBT-L-KHAKRA'), line: 'Ramlila ground' };
    const docs: string[] = [];
    for (const [i, event] of ['Ramlila', 'Jagran', 'Mela'].entries()) {
      const filed = await client.post('/api/public/applications', {
        service: 'EVENTNOC',
        data: {
          name: 'Anil Verma',
          mobile,
          eventName: `${event} ${i}`,
          venue,
          eventDate: plusDays(3 + i),
          expectedPeople: 500,
          idProof: { kind: 'aadhaar', number: '2345 6789 0123' },
        },
      });
      expect(filed.status, JSON.stringify(filed.body)).toBe(201);
      await approve(sp, filed.body.id);
      const doc = (await sp.request('GET', `/api/applications/${filed.body.id}/document`)).body;
      expect(doc).toMatchObject({ kind: 'certificate', signer: 'officer', status: 'pending', pdfUrl: null });
      docs.push(doc.id);
    }
    // nothing signed, nothing sent yet: they wait in the SP's signing queue
    await new Promise((r) => setTimeout(r, 1500));
    expect(await lastSms(mobile, 'application')).not.toMatch(/\/p\//);
    const pending = (await sp.request('GET', '/api/signing/pending')).body.passes.map((p: any) => p.documentId);
    expect(pending).toEqual(expect.arrayContaining(docs));
    // another officer cannot sign them
    const adm = await loggedIn(base, 'adm');
    expect((await adm.request('GET', '/api/signing/pending')).body.passes.map((p: any) => p.documentId)).not.toContain(docs[0]);

    const req = await sp.post('/api/signing/requests', { certificateId, items: docs.map((documentId) => ({ type: 'pass', documentId })) });
    expect(req.status, JSON.stringify(req.body)).toBe(201);
    expect(req.body.items).toHaveLength(3);
    // one PIN session signs the whole batch
    const signed = await agent.sign(
      agentCertId,
      req.body.items.map((i: any) => ({ title: i.title, digest: i.digest })),
    );
    const done = await sp.post(`/api/signing/requests/${req.body.id}/complete`, {
      certificate: signed.certificate,
      chain: signed.chain,
      signatures: signed.signatures.map((x) => x.signature),
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.items.map((i: any) => i.documentId)).toEqual(docs);
    for (const id of docs) {
      const doc = (await sp.request('GET', `/api/passes/${id}`)).body;
      expect(doc.status).toBe('issued');
    }
    expect((await sp.request('GET', '/api/signing/pending')).body.passes.map((p: any) => p.documentId)).not.toContain(docs[0]);

    const pdf = await download(`/api/passes/${docs[0]}/pdf`, sp.cookieHeader());
    const file = path.join(dir, 'noc.pdf');
    await writeFile(file, pdf.bytes);
    const sig = await pdfsig(file);
    expect(sig).toMatch(/Signature Validation: Signature is Valid/);
    expect(sig).toMatch(/Certificate Validation: Certificate is Trusted/);
    expect(sig).toMatch(/Ramesh Kumar \(SP\)/);
    const parts = signedParts(pdf.bytes);
    await writeFile(path.join(dir, 'noc.cms'), parts.cms);
    await writeFile(path.join(dir, 'noc.content'), parts.content);
    const out = await run('openssl', [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      path.join(dir, 'noc.cms'),
      '-content',
      path.join(dir, 'noc.content'),
      '-CAfile',
      path.join(dir, 'root.pem'),
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ]);
    expect(out.stderr).toMatch(/Verification successful/);
    const doc = (await sp.request('GET', `/api/passes/${docs[0]}`)).body;
    expect(await qrOf(file)).toBe(doc.token);
    const verified = (await new ApiClient(base).get(`/api/verify/code/${doc.token}`)).body.pass;
    expect(verified).toMatchObject({ signer: 'officer', signedBy: { en: expect.stringMatching(/Superintendent of Police.*\(DSC\)/) } });
    // each applicant gets the link of their document
    expect(await lastSms(mobile, 'application')).toMatch(/approved.*\/p\/[A-Za-z0-9_-]{22}/);
  });
});
