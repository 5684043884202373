import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCa, createCrl, issueCertificate, type Issued } from '../support/pki.js';
import { createSoftHsmToken, SOFTHSM_LIBRARY, type SoftHsmToken } from '../support/softhsm.js';
import { startAgent, type RunningAgent } from '../support/agent-driver.js';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { loggedIn, type ApiClient } from '../support/api-client.js';

/**
 * DSC signing end to end: a SoftHSM token stands in for the officers' USB tokens, the real agent
 * process signs, the backend prepares and assembles; every document is checked by independent
 * verifiers (pdfsig with an NSS database trusting only the test root, `openssl cms -verify`,
 * zbarimg for the QR) as well as by our own /api/verify.
 */
const run = promisify(execFile);
const PIN = '246810';
const CLASS3 = '2.16.356.100.2.3';
let dir: string;
let system: TestSystem;
let base: string;
let reader: ApiClient;
let sp: ApiClient;
let asp: ApiClient;
let admin: ApiClient;
let token: SoftHsmToken;
let agent: RunningAgent;
let root: Issued;
const certs: Record<string, Issued> = {};
const agentIds: Record<string, string> = {};
let posts: Record<string, string>;
let heads: Record<string, { id: string }>;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'signing-test-'));
  root = createCa({ commonName: 'Patravali Test Root CA' });
  const stranger = createCa({ commonName: 'Unknown CA' });
  const past = { notBefore: new Date(Date.now() - 3 * 365 * 86400_000), notAfter: new Date(Date.now() - 86400_000) };
  certs.sp = issueCertificate(root, { commonName: 'Ramesh Kumar (SP)', organization: 'UP Police' });
  certs.asp = issueCertificate(root, { commonName: 'Sunita Verma (ASP)', organization: 'UP Police' });
  certs.expired = issueCertificate(root, { commonName: 'Expired Officer', ...past });
  certs.keyUsage = issueCertificate(root, { commonName: 'Encryption Only', keyUsage: { keyEncipherment: true } });
  certs.class2 = issueCertificate(root, { commonName: 'Class Two Officer', policyOids: ['2.16.356.100.2.2'] });
  certs.revoked = issueCertificate(root, { commonName: 'Revoked Officer' });
  certs.untrusted = issueCertificate(stranger, { commonName: 'Stranger' });
  await writeFile(path.join(dir, 'root.pem'), root.certPem);
  await writeFile(path.join(dir, 'root.crl'), createCrl(root, [{ serialHex: certs.revoked.serialHex }]));
  // NSS database trusting only the test root, for pdfsig
  await run('mkdir', ['-p', `${dir}/nss`]);
  await run('certutil', ['-N', '-d', `sql:${dir}/nss`, '--empty-password']);
  await run('certutil', ['-A', '-d', `sql:${dir}/nss`, '-n', 'test-root', '-t', 'CT,C,C', '-i', path.join(dir, 'root.pem')]);

  token = await createSoftHsmToken({
    label: 'Officer DSC',
    pin: PIN,
    soPin: '13579111',
    parentDir: dir,
    entries: Object.entries(certs).map(([, leaf], i) => ({
      id: (i + 1).toString(16).padStart(2, '0'),
      leaf,
      chain: i === 0 ? [root] : [],
    })),
  });
  system = await bootSystem({
    env: {
      SIGNING_TRUST_ANCHORS: path.join(dir, 'root.pem'),
      SIGNING_CRLS: path.join(dir, 'root.crl'),
      SIGNING_POLICY_OID: CLASS3,
      PUBLIC_URL: 'http://127.0.0.1:3999',
    },
  });
  // PUBLIC_URL is what the QR codes point at; the test talks to the port actually bound
  base = `http://127.0.0.1:${(system.httpServer!.address() as { port: number }).port}`;
  agent = await startAgent({ origin: 'http://127.0.0.1:3999', args: ['--pkcs11', SOFTHSM_LIBRARY], env: token.env });
  await agent.pair();
  await agent.openSession(PIN);
  for (const c of await agent.certificates()) {
    const name = Object.entries(certs).find(([, i]) => i.serialHex.replace(/^0+/, '') === c.serialNumber.replace(/^0+/, ''))?.[0];
    if (name) agentIds[name] = c.id;
  }
  expect(Object.keys(agentIds).sort()).toEqual(Object.keys(certs).sort());
  [reader, sp, asp, admin] = (await Promise.all(['reader.sp', 'sp', 'asp', 'admin'].map((u) => loggedIn(base, u)))) as [
    ApiClient,
    ApiClient,
    ApiClient,
    ApiClient,
  ];
  posts = Object.fromEntries((await reader.get('/api/org/posts?pageSize=100')).body.items.map((p: any) => [p.code, p.id]));
  heads = Object.fromEntries((await reader.get('/api/file-heads')).body.items.map((h: any) => [h.code, h]));
}, 120_000);

afterAll(async () => {
  await agent?.stop();
  await system?.stop();
  await token?.cleanup();
});

/** Enrols one of the token's certificates for a user, the way the web app does. */
async function enrol(client: ApiClient, name: string, sigOverride?: string) {
  const ch = (await client.post('/api/signing/enrolment-challenge')).body;
  let signature = sigOverride;
  let certificate = Buffer.from(certs[name]!.certDer).toString('base64');
  let chain: string[] = [];
  if (!signature) {
    const signed = await agent.sign(agentIds[name]!, [{ title: ch.title, digest: ch.digest }]);
    signature = signed.signatures[0]!.signature;
    certificate = signed.certificate;
    chain = signed.chain;
  }
  return client.post('/api/signing/certificates', { challengeId: ch.challengeId, certificate, chain, signature });
}

/** Prepare → agent → complete, as the signing dialog does. */
async function signItems(client: ApiClient, certificateId: string, agentCert: string, items: unknown[]) {
  const req = await client.post('/api/signing/requests', { certificateId, items });
  expect(req.status, JSON.stringify(req.body)).toBe(201);
  const signed = await agent.sign(
    agentIds[agentCert]!,
    req.body.items.map((i: any) => ({ title: i.title, digest: i.digest })),
  );
  const done = await client.post(`/api/signing/requests/${req.body.id}/complete`, {
    certificate: signed.certificate,
    chain: signed.chain,
    signatures: signed.signatures.map((s) => s.signature),
  });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return done.body;
}

async function fileWithNote(client: ApiClient, subject: string, note: string) {
  const file = (await client.post('/api/files', { headId: heads.CRIME!.id, subject })).body;
  const withNote = (await client.post(`/api/files/${file.id}/notes`, { version: file.version, body: `<p>${note}</p>` })).body;
  return withNote;
}

let spCert: any;
let aspCert: any;

describe('enrolment', () => {
  it('binds a valid Class 3 DSC after proof of possession; refuses a second enrolment of the same certificate', async () => {
    const res = await enrol(sp, 'sp');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    spCert = res.body.certificate;
    expect(spCert).toMatchObject({
      commonName: 'Ramesh Kumar (SP)',
      status: 'active',
      certificateClass: 'Class 3',
      user: { username: 'sp' },
    });
    expect((await sp.get('/api/signing/certificates')).body.certificates.map((c: any) => c.id)).toEqual([spCert.id]);
    expect((await enrol(sp, 'sp')).status).toBe(409);
    aspCert = (await enrol(asp, 'asp')).body.certificate;
    expect(aspCert.status).toBe('active');
  });

  it.each([
    ['expired', 'expired'],
    ['keyUsage', 'keyUsage'],
    ['class2', 'policy'],
    ['revoked', 'revoked'],
    ['untrusted', 'untrusted'],
  ])('refuses a %s certificate, saying why (%s)', async (name, reason) => {
    // the agent refuses to sign with an expired certificate, so that proof is a dummy: the reason must still be "expired"
    const res = await enrol(reader, name, name === 'expired' ? Buffer.alloc(256, 1).toString('base64') : undefined);
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('CERT_REJECTED');
    expect(res.body.details.reasons).toContain(reason);
    expect(res.body.message.length).toBeGreaterThan(20);
    expect((await reader.get('/api/signing/certificates')).body.certificates).toEqual([]);
  });

  it('refuses a certificate whose key the user does not hold, and answers in Hindi', async () => {
    const ch = (await reader.post('/api/signing/enrolment-challenge')).body;
    const other = await agent.sign(agentIds.asp!, [{ title: 'x', digest: ch.digest }]);
    reader.lang = 'hi';
    const res = await reader.post('/api/signing/certificates', {
      challengeId: ch.challengeId,
      certificate: Buffer.from(certs.sp!.certDer).toString('base64'),
      chain: [],
      signature: other.signatures[0]!.signature,
    });
    reader.lang = 'en';
    expect(res.status).toBe(422);
    expect(res.body.details.reasons).toEqual(['badProof']);
    expect(res.body.message).toMatch(/[\u0900-\u097F]/);
    // the challenge is single use
    const again = await reader.post('/api/signing/certificates', {
      challengeId: ch.challengeId,
      certificate: Buffer.from(certs.sp!.certDer).toString('base64'),
      chain: [],
      signature: other.signatures[0]!.signature,
    });
    expect(again.status).toBe(422);
    expect(again.body.error).toBe('INVALID_STATE');
  });
});

describe('signed notes', () => {
  it('signs a note: detached CMS verified by openssl; the note shows the badge; any change is detected', async () => {
    const file = await fileWithNote(sp, 'Law and order review, Kotwali', 'Kindly review the beat deployment. आवश्यक कार्यवाही करें।');
    const note = file.notes[0];
    expect(note.canSign).toBe(true);
    const done = await signItems(sp, spCert.id, 'sp', [{ type: 'note', fileId: file.id, noteId: note.id }]);
    expect(done.items[0]).toMatchObject({ type: 'note', noteId: note.id });
    const after = (await sp.get(`/api/files/${file.id}`)).body;
    expect(after.notes[0].signature).toMatchObject({ signer: 'Ramesh Kumar (SP)', integrity: true, trusted: true, revoked: false });
    expect(after.notes[0]).toMatchObject({ canEdit: false, canSign: false });
    // a signed note cannot be edited
    const edit = await sp.patch(`/api/files/${file.id}/notes/${note.id}`, { version: after.version, body: '<p>changed</p>' });
    expect(edit.status).toBe(422);
    // independent check with openssl
    const detail = (await sp.get(`/api/files/${file.id}/notes/${note.id}/signature`)).body;
    expect(detail.verification).toMatchObject({
      integrity: true,
      trusted: true,
      keyUsageOk: true,
      certificateClass: 'Class 3',
      revocation: 'good',
      problems: [],
    });
    await writeFile(path.join(dir, 'note.cms'), Buffer.from(detail.cms, 'base64'));
    await writeFile(path.join(dir, 'note.txt'), Buffer.from(detail.content, 'base64'));
    expect((await opensslVerify('note.cms', 'note.txt')).stderr).toMatch(/Verification successful/);
    const tampered = Buffer.from(detail.content, 'base64');
    tampered[tampered.length - 5] = tampered[tampered.length - 5]! ^ 1;
    await writeFile(path.join(dir, 'note-bad.txt'), tampered);
    await expect(opensslVerify('note.cms', 'note-bad.txt')).rejects.toThrow(/fail/i);
    // a change behind the application's back is detected (the note is still yellow, so the trigger allows it)
    await system.deps.pool.query(`update note set body = body || ' (altered)' where id = $1`, [note.id]);
    const altered = (await sp.get(`/api/files/${file.id}`)).body;
    expect(altered.notes[0].signature.integrity).toBe(false);
    expect((await sp.get(`/api/files/${file.id}/notes/${note.id}/signature`)).body.verification.integrity).toBe(false);
  });

  it('signs only your own notes, once; a bad signature stores nothing', async () => {
    const file = await fileWithNote(sp, 'Beat book audit', 'Audit the beat books.');
    const note = file.notes[0];
    // asp cannot sign sp's note (and does not even see the yellow note)
    const theirs = await asp.post('/api/signing/requests', {
      certificateId: aspCert.id,
      items: [{ type: 'note', fileId: file.id, noteId: note.id }],
    });
    expect(theirs.status).toBe(404);
    // a signature made over something else is refused, and the note stays unsigned
    const req = (
      await sp.post('/api/signing/requests', { certificateId: spCert.id, items: [{ type: 'note', fileId: file.id, noteId: note.id }] })
    ).body;
    const wrong = await agent.sign(agentIds.sp!, [
      { title: 'other', digest: createHash('sha256').update('something else').digest('base64') },
    ]);
    const bad = await sp.post(`/api/signing/requests/${req.id}/complete`, {
      certificate: wrong.certificate,
      chain: [],
      signatures: [wrong.signatures[0]!.signature],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toBe('BAD_SIGNATURE');
    expect((await sp.get(`/api/files/${file.id}`)).body.notes[0].signature).toBeNull();
    // another user's certificate cannot be used
    expect(
      (await sp.post('/api/signing/requests', { certificateId: aspCert.id, items: [{ type: 'note', fileId: file.id, noteId: note.id }] }))
        .status,
    ).toBe(404);
    // the pending request completes properly, then a second signing is refused
    const good = await agent.sign(
      agentIds.sp!,
      req.items.map((i: any) => ({ title: i.title, digest: i.digest })),
    );
    expect(
      (
        await sp.post(`/api/signing/requests/${req.id}/complete`, {
          certificate: good.certificate,
          chain: good.chain,
          signatures: [good.signatures[0]!.signature],
        })
      ).status,
    ).toBe(200);
    const twice = await sp.post('/api/signing/requests', {
      certificateId: spCert.id,
      items: [{ type: 'note', fileId: file.id, noteId: note.id }],
    });
    expect(twice.status).toBe(422);
  });
});

/** reader drafts a letter and sends the file to the SP, who approves the draft: ready for signing. */
async function approvedDraft(subject: string, body: string) {
  let file = (await reader.post('/api/files', { headId: heads.CRIME!.id, subject })).body;
  const draft = (
    await reader.post(`/api/files/${file.id}/drafts`, {
      version: file.version,
      subject,
      addressee: 'थानाध्यक्ष, थाना कोतवाली, पीलीभीत',
      body,
    })
  ).body;
  file = (await reader.get(`/api/files/${file.id}`)).body;
  expect((await reader.post(`/api/files/${file.id}/send`, { version: file.version, toPostId: posts['PBT-SP-SP'] })).status).toBe(200);
  const d = (await sp.get(`/api/files/${file.id}/drafts/${draft.id}`)).body;
  expect((await sp.post(`/api/files/${file.id}/drafts/${draft.id}/approve`, { version: d.version })).status).toBe(200);
  return { fileId: file.id as string, draftId: draft.id as string };
}

/** The CMS in the (last) signature's /Contents, trimmed to its DER length, and the bytes its ByteRange covers. */
function signedParts(pdf: Buffer) {
  const text = pdf.toString('latin1');
  const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const [a, b, c, d] = ranges.at(-1)!.slice(1).map(Number) as [number, number, number, number];
  const der = Buffer.from(text.slice(b + 1, c - 1), 'hex');
  const lenBytes = der[1]! & 0x7f;
  const len = der[1]! < 0x80 ? der[1]! + 2 : 2 + lenBytes + der.subarray(2, 2 + lenBytes).reduce((n, x) => n * 256 + x, 0);
  return { cms: der.subarray(0, len), content: Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]) };
}
const opensslVerify = (cms: string, content: string) =>
  run('openssl', [
    'cms',
    '-verify',
    '-binary',
    '-inform',
    'DER',
    '-in',
    path.join(dir, cms),
    '-content',
    path.join(dir, content),
    '-CAfile',
    path.join(dir, 'root.pem'),
    '-purpose',
    'any',
    '-out',
    '/dev/null',
  ]);

const pdfsig = async (pdf: string) =>
  (
    await run('pdfsig', ['-nssdir', `sql:${dir}/nss`, pdf]).catch((e) => ({
      stdout: String(e.stdout ?? ''),
      stderr: String(e.stderr ?? ''),
    }))
  ).stdout;

describe('signed letters, dispatch and verification', () => {
  let letter: { fileId: string; draftId: string };
  let entry: any;
  let pdfPath: string;

  it('issues an approved draft as a PAdES letter valid for pdfsig and openssl, with gap-free issue numbers', async () => {
    letter = await approvedDraft(
      'Security arrangements for the Holi festival',
      '<p>होली पर्व के अवसर पर सुरक्षा व्यवस्था सुनिश्चित करें।</p><p>Ensure adequate force at all sensitive points.</p>',
    );
    expect((await sp.get('/api/signing/pending')).body.letters.map((l: any) => l.draftId)).toContain(letter.draftId);
    const done = await signItems(sp, spCert.id, 'sp', [
      {
        type: 'letter',
        fileId: letter.fileId,
        draftId: letter.draftId,
        dispatch: { mode: 'email', recipients: [{ name: 'SHO Kotwali', email: 'sho.kotwali@example.gov.in' }] },
      },
    ]);
    entry = done.items[0].dispatch;
    expect(entry).toMatchObject({
      status: 'issued',
      subject: 'Security arrangements for the Holi festival',
      signers: [{ name: expect.any(String) }],
      abilities: { countersign: false, dispatch: true },
    });
    expect((await sp.get('/api/signing/pending')).body.letters.map((l: any) => l.draftId)).not.toContain(letter.draftId);
    expect(entry.issueNumber).toMatch(/^PBT\/SP\/D-\d+\/\d{4}$/);
    const pdf = await sp.request('GET', entry.documentUrl);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toMatch(/application\/pdf/);
    const bytes = Buffer.from(await (await fetch(base + entry.documentUrl, { headers: { cookie: sp.cookieHeader() } })).arrayBuffer());
    expect(sha256(bytes)).toBe(entry.sha256);
    pdfPath = path.join(dir, 'letter.pdf');
    await writeFile(pdfPath, bytes);
    const sig = await pdfsig(pdfPath);
    expect(sig).toMatch(/Signature Type: ETSI\.CAdES\.detached/);
    expect(sig).toMatch(/Signature Validation: Signature is Valid/);
    expect(sig).toMatch(/Certificate Validation: Certificate is Trusted/);
    expect(sig).toMatch(/Total document signed/);
    // openssl on the embedded CMS over the ByteRange
    const parts = signedParts(bytes);
    await writeFile(path.join(dir, 'letter.cms'), parts.cms);
    await writeFile(path.join(dir, 'letter.content'), parts.content);
    expect((await opensslVerify('letter.cms', 'letter.content')).stderr).toMatch(/Verification successful/);
    // Hindi text is extractable as typed
    const { stdout } = await run('pdftotext', [pdfPath, '-']);
    expect(stdout).toContain('होली पर्व के अवसर पर सुरक्षा व्यवस्था सुनिश्चित करें।');
    expect(stdout).toContain(entry.issueNumber);
    // the letter joined the file's correspondence, and the draft is marked issued
    const file = (await sp.get(`/api/files/${letter.fileId}`)).body;
    const issued = file.correspondence.find((x: any) => x.kind === 'issued');
    expect(issued.dispatch).toMatchObject({ dispatchId: entry.id, issueNumber: entry.issueNumber });
    expect(file.drafts[0].issue.issueNumber).toBe(entry.issueNumber);
    // a second issue of the same draft is refused; the next letter takes the next number
    expect(
      (
        await sp.post('/api/signing/requests', {
          certificateId: spCert.id,
          items: [
            { type: 'letter', fileId: letter.fileId, draftId: letter.draftId, dispatch: { mode: 'post', recipients: [{ name: 'X' }] } },
          ],
        })
      ).status,
    ).toBe(422);
    const next = await approvedDraft('Second letter', '<p>Second.</p>');
    const req = (
      await sp.post('/api/signing/requests', {
        certificateId: spCert.id,
        items: [{ type: 'letter', ...next, dispatch: { mode: 'post', recipients: [{ name: 'DIG Bareilly Range', address: 'Bareilly' }] } }],
      })
    ).body;
    expect((await sp.delete(`/api/signing/requests/${req.id}`)).status).toBe(204);
    const third = await signItems(sp, spCert.id, 'sp', [
      { type: 'letter', ...next, dispatch: { mode: 'post', recipients: [{ name: 'DIG Bareilly Range', address: 'Bareilly' }] } },
    ]);
    const register = (await sp.get('/api/dispatch?pageSize=100')).body.items;
    const all = (await sp.get('/api/dispatch?status=cancelled')).body.items;
    const serials = [entry.serial, ...all.map((e: any) => e.serial), third.items[0].dispatch.serial].sort((x: number, y: number) => x - y);
    expect(serials).toEqual([entry.serial, entry.serial + 1, entry.serial + 2]);
    expect(all[0].status).toBe('cancelled');
    expect(register.map((e: any) => e.issueNumber)).toContain(third.items[0].dispatch.issueNumber);
  });

  it('verifies any PDF publicly: ours (valid, matches the register), a flipped byte (every verifier fails), not a PDF, unsigned', async () => {
    const anon = new (await import('../support/api-client.js')).ApiClient(base);
    const form = (buf: Buffer, name = 'letter.pdf') => {
      const f = new FormData();
      f.append('file', new Blob([buf]), name);
      return f;
    };
    const bytes = await readFile(pdfPath);
    const good = await anon.request('POST', '/api/verify', form(bytes), { 'x-csrf-token': 'none' });
    expect(good.status, JSON.stringify(good.body)).toBe(200);
    expect(good.body.signatures).toHaveLength(1);
    expect(good.body.signatures[0]).toMatchObject({
      signer: 'Ramesh Kumar (SP)',
      integrity: true,
      coversWholeDocument: true,
      trusted: true,
      certificateValidAtSigning: true,
      keyUsageOk: true,
      certificateClass: 'Class 3',
      revocation: 'good',
      enrolledOfficer: true,
      subFilter: 'ETSI.CAdES.detached',
      problems: [],
    });
    expect(good.body.signatures[0].signingTime).toBeTruthy();
    expect(good.body.issued).toMatchObject({ issueNumber: entry.issueNumber, matchesLatest: true });
    // flip one byte inside the signed range
    const flipped = Buffer.from(bytes);
    const at = flipped.indexOf('/Producer');
    flipped[at + 12] = flipped[at + 12]! ^ 0x01;
    const bad = await anon.request('POST', '/api/verify', form(flipped), { 'x-csrf-token': 'none' });
    expect(bad.body.signatures[0].integrity).toBe(false);
    expect(bad.body.issued).toBeNull();
    const badPath = path.join(dir, 'flipped.pdf');
    await writeFile(badPath, flipped);
    expect(await pdfsig(badPath)).not.toMatch(/Signature is Valid/);
    await writeFile(path.join(dir, 'flipped.content'), signedParts(flipped).content);
    await expect(opensslVerify('letter.cms', 'flipped.content')).rejects.toThrow();
    // not a PDF; an unsigned PDF; no file
    const notPdf = await anon.request('POST', '/api/verify', form(Buffer.from('hello'), 'a.txt'), { 'x-csrf-token': 'none' });
    expect(notPdf.status).toBe(200);
    expect(notPdf.body).toMatchObject({ isPdf: false, signatures: [], issued: null });
    expect(notPdf.body.message).toMatch(/not a PDF/);
    const unsignedPath = path.join(dir, 'plain.pdf');
    await run('pdftocairo', ['-pdf', '-f', '1', '-l', '1', pdfPath, unsignedPath]);
    const unsigned = await anon.request('POST', '/api/verify', form(await readFile(unsignedPath)), { 'x-csrf-token': 'none' });
    expect(unsigned.body).toMatchObject({ isPdf: true, signatures: [] });
    expect(unsigned.body.message).toMatch(/no digital signature/);
  });

  it('puts a QR code on the letter that zbarimg reads and our verifier accepts; a forged token is rejected', async () => {
    const { stdout: pages } = await run('pdfinfo', [pdfPath]);
    const last = Number(/Pages:\s+(\d+)/.exec(pages)![1]);
    await run('pdftoppm', ['-r', '150', '-f', String(last), '-l', String(last), '-tiff', pdfPath, path.join(dir, 'page')]);
    const tiff = (await run('bash', ['-c', `ls ${dir}/page*.tif`])).stdout.trim().split('\n')[0]!;
    const { stdout } = await run('zbarimg', ['--quiet', '--raw', tiff]);
    const url = stdout.trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:3999\/verify\//);
    const code = url.split('/verify/')[1]!;
    const anon = new (await import('../support/api-client.js')).ApiClient(base);
    const checked = (await anon.get(`/api/verify/code/${code}`)).body;
    expect(checked.token).toMatchObject({ valid: true, payload: { n: entry.issueNumber } });
    expect(checked.document).toMatchObject({ issueNumber: entry.issueNumber, subject: 'Security arrangements for the Holi festival' });
    // offline: the token is a JWS checkable with the published key
    const keys = (await anon.get('/api/verify/keys')).body.keys;
    const [h, p, s] = code.split('.');
    const { createPublicKey, verify } = await import('node:crypto');
    const key = createPublicKey({
      key: keys.find((k: any) => k.kid === JSON.parse(Buffer.from(h!, 'base64url').toString()).kid),
      format: 'jwk',
    });
    expect(verify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s!, 'base64url'))).toBe(true);
    // forged: another issue number with the same signature
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), n: 'PBT/SP/D-999/2026' }),
    ).toString('base64url');
    const forged = (await anon.get(`/api/verify/code/${h}.${forgedPayload}.${s}`)).body;
    expect(forged).toMatchObject({ token: { valid: false, reason: 'badSignature' }, document: null });
    expect((await anon.get('/api/verify/code/not-a-token-at-all')).body.token).toMatchObject({ valid: false, reason: 'malformed' });
  });

  it('a second signatory countersigns incrementally: both signatures stay valid', async () => {
    const file = (await sp.get(`/api/files/${letter.fileId}`)).body;
    expect((await sp.post(`/api/files/${letter.fileId}/send`, { version: file.version, toPostId: posts['PBT-SP-ASP'] })).status).toBe(200);
    const done = await signItems(asp, aspCert.id, 'asp', [{ type: 'countersign', dispatchId: entry.id }]);
    const updated = done.items[0].dispatch;
    expect(updated.signers).toHaveLength(2);
    const bytes = Buffer.from(await (await fetch(base + updated.documentUrl, { headers: { cookie: asp.cookieHeader() } })).arrayBuffer());
    const p2 = path.join(dir, 'countersigned.pdf');
    await writeFile(p2, bytes);
    const out = await pdfsig(p2);
    expect(out.match(/Signature is Valid/g)).toHaveLength(2);
    const second = signedParts(bytes);
    await writeFile(path.join(dir, 'counter.cms'), second.cms);
    await writeFile(path.join(dir, 'counter.content'), second.content);
    expect((await opensslVerify('counter.cms', 'counter.content')).stderr).toMatch(/Verification successful/);
    const anon = new (await import('../support/api-client.js')).ApiClient(base);
    const f = new FormData();
    f.append('file', new Blob([bytes]), 'c.pdf');
    const report = (await anon.request('POST', '/api/verify', f, { 'x-csrf-token': 'none' })).body;
    expect(report.signatures.map((s: any) => [s.signer, s.integrity, s.trusted, s.coversWholeDocument])).toEqual([
      ['Ramesh Kumar (SP)', true, true, false],
      ['Sunita Verma (ASP)', true, true, true],
    ]);
    expect(report.issued).toMatchObject({ issueNumber: entry.issueNumber, matchesLatest: true });
    // the first signed revision is still recognised as ours, but not the latest
    const first = new FormData();
    first.append('file', new Blob([await readFile(pdfPath)]), 'first.pdf');
    expect((await anon.request('POST', '/api/verify', first, { 'x-csrf-token': 'none' })).body.issued).toMatchObject({
      matchesLatest: false,
    });
  });

  it('dispatches by e-mail through the outbox (Issued & Sent)', async () => {
    const cur = (await asp.get('/api/dispatch?q=Holi')).body.items[0];
    const res = await asp.post(`/api/dispatch/${cur.id}/dispatch`, { version: cur.version });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.entry.status).toBe('issued_sent');
    const { rows } = await system.deps.pool.query(`select recipient from outbox_message where related_id = $1`, [cur.id]);
    expect(rows.map((r) => r.recipient)).toEqual(['sho.kotwali@example.gov.in']);
    expect((await asp.post(`/api/dispatch/${cur.id}/dispatch`, { version: res.body.entry.version })).status).toBe(422);
    // once dispatched it can no longer be countersigned
    const late = await sp.post('/api/signing/requests', { certificateId: spCert.id, items: [{ type: 'countersign', dispatchId: cur.id }] });
    expect(late.status).toBe(422);
    expect(late.body.message).toMatch(/not been dispatched/);
  });
});

describe('batch signing and revocation', () => {
  it('signs several notes in one agent call (one PIN session), each hashed separately', async () => {
    const files = await Promise.all(['Batch A', 'Batch B', 'Batch C'].map((s) => fileWithNote(sp, s, `Note for ${s}`)));
    const items = files.map((f) => ({ type: 'note', fileId: f.id, noteId: f.notes[0].id }));
    const pending = (await sp.get('/api/signing/pending')).body;
    expect(pending.notes.map((n: any) => n.noteId)).toEqual(expect.arrayContaining(items.map((i) => i.noteId)));
    const req = (await sp.post('/api/signing/requests', { certificateId: spCert.id, items })).body;
    expect(new Set(req.items.map((i: any) => i.digest)).size).toBe(3);
    const before = (agent.output().match(/signed/gi) ?? []).length;
    const signed = await agent.sign(
      agentIds.sp!,
      req.items.map((i: any) => ({ title: i.title, digest: i.digest })),
    );
    expect(signed.signatures).toHaveLength(3);
    expect((agent.output().match(/signed/gi) ?? []).length).toBeGreaterThan(before);
    const done = await sp.post(`/api/signing/requests/${req.id}/complete`, {
      certificate: signed.certificate,
      chain: signed.chain,
      signatures: signed.signatures.map((s) => s.signature),
    });
    expect(done.status).toBe(200);
    for (const f of files) expect((await sp.get(`/api/files/${f.id}`)).body.notes[0].signature.integrity).toBe(true);
    const after = (await sp.get('/api/signing/pending')).body.notes.map((n: any) => n.noteId);
    for (const i of items) expect(after).not.toContain(i.noteId);
  });

  it('an admin revokes a DSC: it can no longer sign, and earlier signatures show it', async () => {
    const file = await fileWithNote(asp, 'Revocation check', 'Before revocation.');
    await signItems(asp, aspCert.id, 'asp', [{ type: 'note', fileId: file.id, noteId: file.notes[0].id }]);
    expect((await asp.post(`/api/admin/signing/certificates/${aspCert.id}/revoke`, { reason: 'token lost' })).status).toBe(403);
    const res = await admin.post(`/api/admin/signing/certificates/${aspCert.id}/revoke`, { reason: 'Token reported lost' });
    expect(res.status).toBe(200);
    expect(res.body.certificate.status).toBe('revoked');
    const file2 = await fileWithNote(asp, 'After revocation', 'After.');
    const refused = await asp.post('/api/signing/requests', {
      certificateId: aspCert.id,
      items: [{ type: 'note', fileId: file2.id, noteId: file2.notes[0].id }],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toMatch(/revoked/);
    const shown = (await asp.get(`/api/files/${file.id}`)).body.notes[0].signature;
    expect(shown).toMatchObject({ integrity: true, revoked: true });
    // the user cannot undo the revocation by enrolling the same certificate again
    const again = await enrol(asp, 'asp');
    expect(again.status).toBe(422);
    expect(again.body.message).toMatch(/revoked/);
    // every step is in the audit chain
    const { rows } = await system.deps.pool.query(
      `select action from audit_event where action like 'signing.%' or action like 'dispatch.%' or action = 'file.note.sign'`,
    );
    const actions = new Set(rows.map((r) => r.action));
    for (const a of [
      'signing.enrol',
      'signing.enrol.reject',
      'signing.prepare',
      'signing.complete',
      'signing.cancel',
      'signing.revoke',
      'file.note.sign',
      'dispatch.number',
      'dispatch.issue',
      'dispatch.countersign',
      'dispatch.dispatch',
    ])
      expect(actions).toContain(a);
  });
});

describe('demo mode (npm start + npm run agent)', () => {
  it('a demo backend trusts the demo agent’s certificate: enrol and sign out of the box', async () => {
    const demoDir = path.join(dir, 'demo-pki');
    const demo = await bootSystem({ env: { SIGNING_DEMO_CA: 'true', DEMO_PKI_DIR: demoDir } });
    const demoAgent = await startAgent({ origin: 'http://127.0.0.1:3000', args: ['--demo'], env: { AGENT_DEMO_DIR: demoDir } });
    try {
      expect(demoAgent.output()).toMatch(/demo/i);
      const url = `http://127.0.0.1:${(demo.httpServer!.address() as { port: number }).port}`;
      const officer = await loggedIn(url, 'sp');
      expect((await officer.get('/api/signing/config')).body).toMatchObject({ demo: true, agentUrl: 'http://127.0.0.1:17365' });
      await demoAgent.pair();
      await demoAgent.openSession('123456');
      const [c] = await demoAgent.certificates();
      const ch = (await officer.post('/api/signing/enrolment-challenge')).body;
      const proof = await demoAgent.sign(c!.id, [{ title: ch.title, digest: ch.digest }]);
      const enrolled = await officer.post('/api/signing/certificates', {
        challengeId: ch.challengeId,
        certificate: proof.certificate,
        chain: proof.chain,
        signature: proof.signatures[0]!.signature,
      });
      expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
      expect(enrolled.body.certificate.commonName).toBe('Demo Officer (Patravali)');
      const heads = Object.fromEntries((await officer.get('/api/file-heads')).body.items.map((h: any) => [h.code, h]));
      const file = (await officer.post('/api/files', { headId: heads.GEN.id, subject: 'Demo signing' })).body;
      const noted = (await officer.post(`/api/files/${file.id}/notes`, { version: file.version, body: '<p>Demo note</p>' })).body;
      const req = (
        await officer.post('/api/signing/requests', {
          certificateId: enrolled.body.certificate.id,
          items: [{ type: 'note', fileId: file.id, noteId: noted.notes[0].id }],
        })
      ).body;
      const signed = await demoAgent.sign(
        c!.id,
        req.items.map((i: any) => ({ title: i.title, digest: i.digest })),
      );
      expect(
        (
          await officer.post(`/api/signing/requests/${req.id}/complete`, {
            certificate: signed.certificate,
            chain: signed.chain,
            signatures: [signed.signatures[0]!.signature],
          })
        ).status,
      ).toBe(200);
      expect((await officer.get(`/api/files/${file.id}`)).body.notes[0].signature).toMatchObject({ integrity: true, trusted: true });
      // a demo certificate says so (issue 14 item 12) …
      expect(enrolled.body.certificate.demoCertificate).toBe(true);
      expect((await officer.get(`/api/files/${file.id}/notes/${noted.notes[0].id}/signature`)).body.verification.demoCertificate).toBe(
        true,
      );
      // … and the printed notesheet shows the signature of the (now green) note
      const reader = (await officer.get('/api/org/posts?q=PBT-SP-READER')).body.items[0].id;
      const current = (await officer.get(`/api/files/${file.id}`)).body;
      expect((await officer.post(`/api/files/${file.id}/send`, { version: current.version, toPostId: reader })).status).toBe(200);
      const res = await fetch(`${url}/api/files/${file.id}/print/notesheet?lang=en`, { headers: { cookie: officer.cookieHeader() } });
      expect(res.status).toBe(200);
      await writeFile(path.join(dir, 'notesheet.pdf'), Buffer.from(await res.arrayBuffer()));
      const printed = (await run('pdftotext', ['-raw', path.join(dir, 'notesheet.pdf'), '-'])).stdout.replace(/\s+/g, ' ');
      expect(printed).toContain('1. Demo note');
      expect(printed).toContain('Digitally signed by Demo Officer (Patravali) on');
      expect(printed).toContain('The note reads exactly as signed.');
      expect(printed).toContain('Demo certificate: not issued under the CCA India.');
    } finally {
      await demoAgent.stop();
      await demo.stop();
    }
  });
});

describe('verification flags what enrolment refuses', () => {
  /** A one-page PDF signed outside Patravali with one of the test certificates (what someone might upload). */
  async function signedElsewhere(name: string): Promise<Buffer> {
    const PDFDocument = (await import('pdfkit')).default;
    const { preparePdf, embedCms } = await import('../../backend/src/modules/signing/crypto/pades.js');
    const { prepareSignedAttributes, assembleSignedData, parseCertificate } =
      await import('../../backend/src/modules/signing/crypto/cms.js');
    const { sha256DigestInfo } = await import('@patravali/signing-agent/digest-info');
    const { createPrivateKey, privateEncrypt, constants } = await import('node:crypto');
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((r) => doc.on('end', r));
    doc.text(`Letter signed by ${name}`);
    doc.end();
    await ended;
    const leaf = certs[name]!;
    const prepared = preparePdf(Buffer.concat(chunks), { name, reason: 'test', location: '', contactInfo: '', signingTime: new Date() });
    const cert = parseCertificate(leaf.certDer);
    const attrs = prepareSignedAttributes(prepared.digest, cert);
    const signature = privateEncrypt(
      { key: createPrivateKey(leaf.keyPem), padding: constants.RSA_PKCS1_PADDING },
      sha256DigestInfo(attrs.digest),
    );
    return embedCms(prepared, assembleSignedData(attrs, signature, cert, []));
  }

  it.each([
    ['expired', { certificateValidAtSigning: false, problems: expect.arrayContaining(['notValidAtSigning']) }],
    ['keyUsage', { keyUsageOk: false, problems: expect.arrayContaining(['keyUsage']) }],
    ['revoked', { revocation: 'revoked', problems: expect.arrayContaining(['revoked']) }],
    ['untrusted', { trusted: false, revocation: 'unknown', problems: expect.arrayContaining(['untrusted', 'revocationUnknown']) }],
  ])('a PDF signed with the %s certificate is reported as such (integrity still intact)', async (name, flags) => {
    const anon = new (await import('../support/api-client.js')).ApiClient(base);
    const f = new FormData();
    f.append('file', new Blob([await signedElsewhere(name)]), `${name}.pdf`);
    const report = (await anon.request('POST', '/api/verify', f, { 'x-csrf-token': 'none' })).body;
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({ integrity: true, enrolledOfficer: false, ...flags });
    expect(report.issued).toBeNull();
    expect(report.message).toMatch(/problems/);
    if (name === 'untrusted') expect(report.signatures[0].revocationNote).toMatch(/issuer certificate not available|no CRL/);
  });
});

describe('public verification is rate limited', () => {
  it('answers 429 with a retry time after 60 checks a minute from one address', async () => {
    const anon = new (await import('../support/api-client.js')).ApiClient(base, 'hi');
    const form = () => {
      const f = new FormData();
      f.append('file', new Blob([Buffer.from('not a pdf')]), 'x.txt');
      return f;
    };
    const statuses: number[] = [];
    for (let i = 0; i < 62; i++) statuses.push((await anon.request('POST', '/api/verify', form(), { 'x-csrf-token': 'none' })).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const last = await anon.request('POST', '/api/verify', form(), { 'x-csrf-token': 'none' });
    expect(last.status).toBe(429);
    expect(last.body.error).toBe('RATE_LIMITED');
    expect(last.body.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(last.body.message).toMatch(/[\u0900-\u097F]/);
  });
});
