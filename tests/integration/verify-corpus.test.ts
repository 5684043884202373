import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { createCa, issueCertificate, toPfx, type Issued } from '../support/pki.js';
import {
  addEmptySignatureField,
  addPlaceholder,
  basePdf,
  digest,
  embed,
  opensslCms,
  opensslIssue,
  opensslTimestamp,
  pdfsig,
  pdfsigSign,
  run,
  signedBytes,
  type Placeholder,
  type Signer,
} from '../support/pdf-corpus.js';

/**
 * The public verifier against independent ones on a corpus built here from several signers:
 * openssl cms (SHA-1/256/384/512; RSA PKCS#1 v1.5, RSA-PSS, ECDSA P-256; with and without signed
 * attributes; adbe.pkcs7.detached, ETSI.CAdES.detached, adbe.pkcs7.sha1), poppler's own signer
 * (NSS: BER with indefinite lengths; a new field, an existing one, over an xref-stream file), RFC 3161 document timestamps
 * from openssl ts, tampered copies and spoofs whose CMS carries content of its own. For every
 * signature our integrity verdict must be pdfsig's. pdfsig 22 does not validate document
 * timestamps ("Unimplemented Feature"), so those are held against `openssl ts -verify` instead.
 */
let dir: string;
let nss: string;
let system: TestSystem;
let anon: ApiClient;
let root: Issued;
let rsa: Issued;
let ec: Issued;
let tsa: Signer;

interface Sample {
  pdf: Buffer;
  /** What the corpus means it to be (pdfsig is asked anyway). */
  intact: boolean[];
}
const corpus: Record<string, Sample> = {};
const SIGNED = [
  'rsa-sha1',
  'rsa-sha256',
  'rsa-sha384',
  'rsa-sha512',
  'pss-sha256',
  'pss-sha384',
  'ecdsa-sha256',
  'ecdsa-sha384',
  'ecdsa-sha512',
  'rsa-no-signed-attributes',
  'adbe.pkcs7.sha1',
  'countersigned',
  'pdfsig-pkcs7',
  'pdfsig-existing-field',
  'pdfsig-xref-stream',
  'pdfsig-then-openssl',
  'timestamp-only',
  'signed-then-timestamped',
];
const TAMPERED = [
  'rsa-sha256',
  'pss-sha256',
  'ecdsa-sha384',
  'rsa-no-signed-attributes',
  'adbe.pkcs7.sha1',
  'pdfsig-pkcs7',
  'timestamp-only',
];
const SPOOFS = ['spoof: other content', 'spoof: other content, CAdES', 'spoof: own bytes encapsulated', 'spoof: sha1 of other content'];
const CORPUS = [...SIGNED, ...TAMPERED.map((n) => `tampered ${n}`), ...SPOOFS];
/** Document timestamps: the token and the bytes it covers, for openssl ts -verify. */
const tokens: Record<string, { token: Buffer; covered: Buffer; genTime: string }> = {};

/** A byte of the header's binary comment: inside every signed range, harmless to the structure. */
function tamper(pdf: Buffer): Buffer {
  const out = Buffer.from(pdf);
  const at = out.indexOf('%', 1) + 1;
  out[at] = out[at]! ^ 0x01;
  return out;
}

async function signWithOpenssl(
  input: Buffer,
  name: string,
  signer: Signer,
  o: { subFilter: string; md: string; pss?: boolean; noattr?: boolean },
): Promise<Buffer> {
  const p = addPlaceholder(input, { subFilter: o.subFilter });
  return embed(p, await opensslCms(dir, name, signedBytes(p), signer, { md: o.md, pss: o.pss, noattr: o.noattr }));
}

async function timestamp(input: Buffer, name: string, md: string): Promise<Buffer> {
  const p: Placeholder = addPlaceholder(input, { subFilter: 'ETSI.RFC3161', type: 'DocTimeStamp', reserve: 8000 });
  const covered = signedBytes(p);
  const token = await opensslTimestamp(dir, name, digest(md, covered), md, tsa, root.certPem);
  await writeFile(path.join(dir, `${name}.token`), token);
  const { stdout } = await run('openssl', ['ts', '-reply', '-in', path.join(dir, `${name}.token`), '-token_in', '-text']);
  tokens[name] = { token, covered, genTime: /Time stamp: (.*)/.exec(stdout)![1]!.trim() };
  return embed(p, token);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'verify-corpus-'));
  nss = path.join(dir, 'nss');
  root = createCa({ commonName: 'Corpus Root CA' });
  rsa = issueCertificate(root, { commonName: 'RSA Signer' });
  ec = issueCertificate(root, { commonName: 'ECDSA Signer', keyType: 'ec' });
  tsa = await opensslIssue(dir, 'tsa', root, {
    subject: '/C=IN/CN=Corpus TSA',
    extensions: 'basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping',
  });
  await writeFile(path.join(dir, 'root.pem'), root.certPem);
  // NSS database trusting only the test root, holding the RSA signer's key for pdfsig -add-signature
  await mkdir(nss);
  await run('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
  await run('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'corpus-root', '-t', 'CT,C,C', '-i', path.join(dir, 'root.pem')]);
  await writeFile(path.join(dir, 'rsa.p12'), toPfx(rsa, [root], 'corpus'));
  await run('pk12util', ['-i', path.join(dir, 'rsa.p12'), '-d', `sql:${nss}`, '-W', 'corpus']);

  system = await bootSystem({ env: { SIGNING_TRUST_ANCHORS: path.join(dir, 'root.pem') } });
  anon = new ApiClient(`http://127.0.0.1:${(system.httpServer!.address() as { port: number }).port}`);

  const base = await basePdf('Corpus letter: आवश्यक कार्यवाही करें।');
  // openssl cms, detached, every digest and key type
  for (const [name, signer, subFilter, md, pss] of [
    ['rsa-sha1', rsa, 'adbe.pkcs7.detached', 'sha1', false],
    ['rsa-sha256', rsa, 'ETSI.CAdES.detached', 'sha256', false],
    ['rsa-sha384', rsa, 'adbe.pkcs7.detached', 'sha384', false],
    ['rsa-sha512', rsa, 'ETSI.CAdES.detached', 'sha512', false],
    ['pss-sha256', rsa, 'ETSI.CAdES.detached', 'sha256', true],
    ['pss-sha384', rsa, 'adbe.pkcs7.detached', 'sha384', true],
    ['ecdsa-sha256', ec, 'adbe.pkcs7.detached', 'sha256', false],
    ['ecdsa-sha384', ec, 'ETSI.CAdES.detached', 'sha384', false],
    ['ecdsa-sha512', ec, 'adbe.pkcs7.detached', 'sha512', false],
  ] as const) {
    corpus[name] = { pdf: await signWithOpenssl(base, name, signer, { subFilter, md, pss }), intact: [true] };
  }
  corpus['rsa-no-signed-attributes'] = {
    pdf: await signWithOpenssl(base, 'noattr', rsa, { subFilter: 'adbe.pkcs7.detached', md: 'sha256', noattr: true }),
    intact: [true],
  };
  // adbe.pkcs7.sha1: the CMS encapsulates the SHA-1 of the ByteRange
  {
    const p = addPlaceholder(base, { subFilter: 'adbe.pkcs7.sha1' });
    corpus['adbe.pkcs7.sha1'] = {
      pdf: embed(p, await opensslCms(dir, 'p7sha1', digest('sha1', signedBytes(p)), rsa, { md: 'sha1', nodetach: true })),
      intact: [true],
    };
  }
  corpus['countersigned'] = {
    pdf: await signWithOpenssl(corpus['rsa-sha256']!.pdf, 'counter', ec, { subFilter: 'ETSI.CAdES.detached', md: 'sha384' }),
    intact: [true, true],
  };

  // poppler's own signer (NSS writes BER with indefinite lengths)
  await writeFile(path.join(dir, 'base.pdf'), base);
  corpus['pdfsig-pkcs7'] = {
    pdf: await pdfsigSign(path.join(dir, 'base.pdf'), path.join(dir, 'pdfsig-pkcs7.pdf'), nss, 'RSA Signer'),
    intact: [true],
  };
  // into an existing empty field (poppler 22 writes adbe.pkcs7.detached only: -etsi is not supported yet)
  await writeFile(path.join(dir, 'empty-field.pdf'), addEmptySignatureField(base, 'Officer'));
  corpus['pdfsig-existing-field'] = {
    pdf: await pdfsigSign(path.join(dir, 'empty-field.pdf'), path.join(dir, 'pdfsig-existing-field.pdf'), nss, 'RSA Signer', {
      field: 'Officer',
    }),
    intact: [true],
  };
  // a cross-reference stream and object streams (pdf-lib's output), signed by poppler as an incremental update
  await writeFile(path.join(dir, 'xref-stream.pdf'), Buffer.from(await (await PDFDocument.load(base)).save({ useObjectStreams: true })));
  corpus['pdfsig-xref-stream'] = {
    pdf: await pdfsigSign(path.join(dir, 'xref-stream.pdf'), path.join(dir, 'pdfsig-xref-stream.pdf'), nss, 'RSA Signer'),
    intact: [true],
  };
  corpus['pdfsig-then-openssl'] = {
    pdf: await signWithOpenssl(corpus['pdfsig-pkcs7']!.pdf, 'after-nss', ec, { subFilter: 'adbe.pkcs7.detached', md: 'sha256' }),
    intact: [true, true],
  };

  // RFC 3161 document timestamps: alone, and after a signature
  corpus['timestamp-only'] = { pdf: await timestamp(base, 'timestamp-only', 'sha256'), intact: [true] };
  corpus['signed-then-timestamped'] = {
    pdf: await timestamp(corpus['rsa-sha256']!.pdf, 'signed-then-timestamped', 'sha512'),
    intact: [true, true],
  };

  // tampered copies: one byte flipped inside the signed range
  for (const name of TAMPERED) {
    corpus[`tampered ${name}`] = { pdf: tamper(corpus[name]!.pdf), intact: [false] };
  }

  // spoofs: a CMS whose signature is valid over content of its own, embedded as if it signed this document
  const other = Buffer.from('Some other text the officer once signed');
  {
    const p = addPlaceholder(base, { subFilter: 'adbe.pkcs7.detached' });
    corpus['spoof: other content'] = {
      pdf: embed(p, await opensslCms(dir, 'spoof-other', other, rsa, { md: 'sha256', nodetach: true })),
      intact: [false],
    };
  }
  {
    const p = addPlaceholder(base, { subFilter: 'ETSI.CAdES.detached' });
    corpus['spoof: other content, CAdES'] = {
      pdf: embed(p, await opensslCms(dir, 'spoof-cades', other, ec, { md: 'sha384', nodetach: true })),
      intact: [false],
    };
  }
  {
    // content of its own that happens to be the document's bytes: still not a detached signature (pdfsig: digest mismatch)
    const p = addPlaceholder(base, { subFilter: 'adbe.pkcs7.detached' });
    corpus['spoof: own bytes encapsulated'] = {
      pdf: embed(p, await opensslCms(dir, 'spoof-own', signedBytes(p), rsa, { md: 'sha256', nodetach: true })),
      intact: [false],
    };
  }
  {
    const p = addPlaceholder(base, { subFilter: 'adbe.pkcs7.sha1' });
    corpus['spoof: sha1 of other content'] = {
      pdf: embed(p, await opensslCms(dir, 'spoof-sha1', digest('sha1', other), rsa, { md: 'sha1', nodetach: true })),
      intact: [false],
    };
  }
  expect(Object.keys(corpus).sort()).toEqual([...CORPUS].sort());
}, 180_000);

afterAll(async () => {
  await system?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function verify(pdf: Buffer, name = 'doc.pdf') {
  const f = new FormData();
  f.append('file', new Blob([pdf]), name);
  return anon.request('POST', '/api/verify', f, { 'x-csrf-token': 'none' });
}

describe('our integrity verdict is pdfsig’s on every signature of the corpus', () => {
  it.each(CORPUS)('%s', async (name) => {
    const sample = corpus[name]!;
    const file = path.join(dir, `${name.replace(/[^a-z0-9.-]+/gi, '_')}.pdf`);
    await writeFile(file, sample.pdf);
    const theirs = await pdfsig(file, nss);
    const res = await verify(sample.pdf);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const ours = res.body.signatures as any[];
    expect(
      ours.map((s) => s.integrity),
      JSON.stringify(ours, null, 1),
    ).toEqual(sample.intact);
    expect(theirs.entries).toHaveLength(ours.length);
    for (const s of ours) {
      const t = theirs.entries.find((e) => e.resumesAt === s.byteRange?.[2]);
      expect(t, theirs.out).toBeDefined();
      if (s.kind === 'timestamp') {
        // pdfsig 22 lists a document timestamp but cannot validate it: openssl ts is the independent verifier
        expect(t!.verdict).toBe('notVerified');
        continue;
      }
      expect({ name, integrity: s.integrity }, theirs.out).toEqual({ name, integrity: t!.verdict === 'valid' });
      if (s.integrity) expect(s.digestAlgorithm.replace('-', '')).toBe(t!.hash.replace('-', ''));
    }
  });
});

describe('what the verifier says beyond intact or not', () => {
  it('genuine signatures of every kind are intact, trusted and name their digest; SHA-1 is flagged as weak', async () => {
    for (const [name, digestAlgorithm] of [
      ['rsa-sha1', 'SHA-1'],
      ['rsa-sha384', 'SHA-384'],
      ['pss-sha384', 'SHA-384'],
      ['ecdsa-sha512', 'SHA-512'],
      ['pdfsig-pkcs7', 'SHA-256'],
      ['adbe.pkcs7.sha1', 'SHA-1'],
    ] as const) {
      const [s] = (await verify(corpus[name]!.pdf)).body.signatures;
      expect(s, name).toMatchObject({
        kind: 'signature',
        integrity: true,
        trusted: true,
        coversWholeDocument: true,
        digestAlgorithm,
        timestamp: null,
      });
      expect(s.problems.includes('weakDigest'), name).toBe(digestAlgorithm === 'SHA-1');
    }
  });

  it('a CMS carrying content of its own is refused as not a detached signature, whatever it verifies against', async () => {
    for (const name of ['spoof: other content', 'spoof: other content, CAdES', 'spoof: own bytes encapsulated']) {
      const report = (await verify(corpus[name]!.pdf)).body;
      expect(report.signatures[0], name).toMatchObject({ integrity: false, problems: expect.arrayContaining(['notDetached']) });
      expect(report.message).toMatch(/problems/);
    }
    const sha1 = (await verify(corpus['spoof: sha1 of other content']!.pdf)).body.signatures[0];
    expect(sha1).toMatchObject({ integrity: false, problems: expect.arrayContaining(['digestMismatch']) });
  });

  it('document timestamps are reported as timestamps (time, authority, covered range) and checked like openssl ts -verify', async () => {
    for (const [name, tampered] of [
      ['timestamp-only', false],
      ['signed-then-timestamped', false],
      ['tampered timestamp-only', true],
    ] as const) {
      const key = name.replace('tampered ', '');
      const pdf = corpus[name]!.pdf;
      const report = (await verify(pdf)).body;
      const ts = report.signatures.find((s: any) => s.kind === 'timestamp');
      expect(ts, name).toMatchObject({
        signer: 'Corpus TSA',
        subFilter: 'ETSI.RFC3161',
        coversWholeDocument: true,
        trusted: true,
        keyUsageOk: true,
      });
      expect(ts.timestamp).toMatchObject({
        authority: 'Corpus TSA',
        policy: '1.2.3.4.1',
        hashAlgorithm: key === 'timestamp-only' ? 'SHA-256' : 'SHA-512',
      });
      expect(new Date(ts.timestamp.time).getTime()).toBe(new Date(tokens[key]!.genTime).getTime());
      expect(ts.signingTime).toBe(ts.timestamp.time);
      const [, b, c, d] = ts.byteRange;
      expect(c + d).toBe(pdf.length);
      // openssl ts -verify over the bytes the ByteRange covers
      const covered = Buffer.concat([pdf.subarray(0, b), pdf.subarray(c, c + d)]);
      await writeFile(path.join(dir, `${key}.covered`), covered);
      const openssl = await run('openssl', [
        'ts',
        '-verify',
        '-data',
        path.join(dir, `${key}.covered`),
        '-in',
        path.join(dir, `${key}.token`),
        '-token_in',
        '-CAfile',
        path.join(dir, 'root.pem'),
      ])
        .then((r) => /Verification: OK/.test(r.stdout))
        .catch(() => false);
      expect({ name, integrity: ts.integrity }).toEqual({ name, integrity: openssl });
      expect(openssl).toBe(!tampered);
    }
    const only = (await verify(corpus['timestamp-only']!.pdf)).body;
    expect(only.message).toMatch(/no signature, only 1 valid document timestamp/);
    const both = (await verify(corpus['signed-then-timestamped']!.pdf)).body;
    expect(both.signatures.map((s: any) => [s.kind, s.integrity, s.coversWholeDocument])).toEqual([
      ['signature', true, false],
      ['timestamp', true, true],
    ]);
    expect(both.message).toMatch(/All 1 signature\(s\) and 1 document timestamp\(s\) are valid/);
    anon.lang = 'hi';
    expect((await verify(corpus['timestamp-only']!.pdf)).body.message).toMatch(/टाइमस्टैम्प/);
    anon.lang = 'en';
  });
});

describe('garbage is answered, never a server error', () => {
  it.each([
    ['%PDF-1.7 garbage', Buffer.from('%PDF-1.7 garbage'), 'unreadable'],
    ['only a header', Buffer.from('%PDF-'), 'unreadable'],
    [
      'a ByteRange with negative numbers',
      Buffer.from('%PDF-1.4\n1 0 obj << /Type /Sig /ByteRange [0 -5 40 -3] /Contents <3080> >> endobj\n%%EOF'),
      'broken',
    ],
    [
      'a ByteRange pointing outside the file',
      Buffer.from('%PDF-1.4\n1 0 obj << /Type /Sig /ByteRange [0 30 40 99999999] /Contents <308000> >> endobj\n%%EOF'),
      'broken',
    ],
  ])('%s', async (_, pdf, expected) => {
    await system.deps.pool.query('delete from rate_limit');
    const res = await verify(pdf);
    expect(res.status).toBeLessThan(500);
    expect(res.body.isPdf).toBe(true);
    if (expected === 'unreadable') expect(res.body).toMatchObject({ signatures: [], message: expect.stringMatching(/could not be read/) });
    else expect(res.body.signatures[0]).toMatchObject({ integrity: false, problems: expect.arrayContaining(['badByteRange']) });
  });

  it('a signed PDF cut short anywhere, or with its /Contents mangled, is answered with broken or unreadable, not 5xx', async () => {
    await system.deps.pool.query('delete from rate_limit');
    const whole = corpus['pdfsig-then-openssl']!.pdf;
    for (const cut of [0.2, 0.5, 0.9, 0.999]) {
      const res = await verify(whole.subarray(0, Math.floor(whole.length * cut)));
      expect(res.status, `cut at ${cut}`).toBe(200);
      for (const s of res.body.signatures) if (s.byteRange?.[2] + s.byteRange?.[3] > whole.length * cut) expect(s.integrity).toBe(false);
    }
    const mangled = Buffer.from(corpus['rsa-sha256']!.pdf);
    const start = mangled.lastIndexOf('/Contents <') + 11;
    mangled.write('3080'.repeat(2000), start, 'latin1');
    const res = await verify(mangled);
    expect(res.status).toBe(200);
    expect(res.body.signatures[0]).toMatchObject({ integrity: false, problems: expect.arrayContaining(['badCms']) });
  });

  it('poppler’s BER CMS (indefinite lengths, zero padding after its end-of-contents octets) is read whole', async () => {
    const pdf = await readFile(path.join(dir, 'pdfsig-pkcs7.pdf'));
    const [s] = (await verify(pdf)).body.signatures;
    expect(s).toMatchObject({ integrity: true, signer: 'RSA Signer' });
    const text = pdf.toString('latin1');
    expect(text.slice(s.byteRange[1] + 1, s.byteRange[1] + 5)).toBe('3080');
  });
});
