import { createPrivateKey, sign } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createCa, issueCertificate, type Issued } from '@patravali/signing-agent/pki';
import { berLength } from './ber.js';
import { TrustStore } from './certificates.js';
import { assembleSignedData, parseCertificate, parseCms, prepareSignedAttributes } from './cms.js';
import { digestByteRange, embedCms, preparePdf, type PreparedPdf } from './pades.js';
import { verifyPdf } from './verify-pdf.js';

let root: Issued;
let leaf: Issued;
let store: TrustStore;

beforeAll(() => {
  root = createCa({ commonName: 'Unit Root CA' });
  leaf = issueCertificate(root, { commonName: 'Unit Signer' });
  store = new TrustStore({ anchorFiles: [], crlSources: [], extraAnchorsPem: [root.certPem] });
});

async function letter(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((r) => doc.on('end', r));
  doc.text('A letter');
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

function cmsFor(prepared: PreparedPdf): Buffer {
  const cert = parseCertificate(leaf.certDer);
  const attrs = prepareSignedAttributes(prepared.digest, cert);
  return assembleSignedData(attrs, sign('sha256', attrs.signedAttrsDer, createPrivateKey(leaf.keyPem)), cert, []);
}

async function signed(edit?: (pdf: Buffer) => void): Promise<Buffer> {
  const prepared = preparePdf(await letter(), {
    name: 'Unit Signer',
    reason: 'test',
    location: '',
    contactInfo: '',
    signingTime: new Date(),
  });
  if (edit) {
    edit(prepared.pdf);
    prepared.digest = digestByteRange(prepared.pdf, prepared.byteRange);
  }
  return embedCms(prepared, cmsFor(prepared));
}

/**
 * Re-encodes the outer layers of a DER CMS (ContentInfo down to SignedData's fields) with indefinite
 * lengths, as NSS writes them; certificates and signer infos stay as they were.
 */
function toIndefinite(der: Buffer, depth = 0): Buffer {
  const tag = der[0]!;
  const first = der[1]!;
  const n = first & 0x80 ? first & 0x7f : 0;
  const header = 2 + n;
  const length = n ? [...der.subarray(2, header)].reduce((a, b) => a * 256 + b, 0) : first;
  if (!(tag & 0x20) || depth > 3) return der.subarray(0, header + length);
  const children: Buffer[] = [];
  for (let at = header; at < header + length;) {
    const child = toIndefinite(der.subarray(at), depth + 1);
    children.push(child);
    at += berLength(der.subarray(at));
  }
  return Buffer.concat([Buffer.from([tag, 0x80]), ...children, Buffer.from([0, 0])]);
}

describe('verifyPdf', () => {
  it('reads a BER CMS with indefinite lengths to its end-of-contents octets (zero padding follows)', async () => {
    const prepared = preparePdf(await letter(), { name: 'x', reason: 'r', location: '', contactInfo: '', signingTime: new Date() });
    const der = cmsFor(prepared);
    const ber = toIndefinite(der);
    expect(ber.subarray(0, 2).toString('hex')).toBe('3080');
    expect(ber.subarray(-4).toString('hex')).toBe('00000000');
    expect(berLength(ber)).toBe(ber.length);
    expect(parseCms(ber).signerCertificate).not.toBeNull();
    const r = await verifyPdf(store, embedCms(prepared, ber));
    expect(r).toMatchObject({
      readable: true,
      signatures: [{ kind: 'signature', integrity: true, trusted: true, digestAlgorithm: 'SHA-256', problems: ['revocationUnknown'] }],
    });
  });

  it('finds a signature the document structure does not lead to by scanning for its /ByteRange', async () => {
    // the catalog's /AcroForm renamed before signing: pdf-lib finds no signature field
    const hidden = await signed((pdf) => {
      const at = pdf.lastIndexOf('/AcroForm');
      pdf.write('/AcroFxrm', at, 'latin1');
    });
    const r = await verifyPdf(store, hidden);
    expect(r).toMatchObject({
      readable: true,
      signatures: [{ integrity: true, signer: 'Unit Signer', subFilter: 'ETSI.CAdES.detached', reason: 'test', coversWholeDocument: true }],
    });
    const flipped = Buffer.from(hidden);
    flipped[20] = flipped[20]! ^ 1;
    expect(await verifyPdf(store, flipped)).toMatchObject({
      signatures: [{ integrity: false, problems: expect.arrayContaining(['digestMismatch']) }],
    });
  });

  it('answers garbage with "not a PDF", "unreadable" or a broken signature — never by throwing', async () => {
    expect(await verifyPdf(store, Buffer.from('hello'))).toEqual({ isPdf: false });
    expect(await verifyPdf(store, Buffer.from('%PDF-1.7 garbage'))).toEqual({ isPdf: true, readable: false });
    expect(await verifyPdf(store, Buffer.from('%PDF-1.7\n%%EOF'))).toEqual({ isPdf: true, readable: false });
    for (const range of ['0 -5 40 3', '0 10 20 99999999', '5 10 20 3', '0 1e3 20 3', '0 20 10 3']) {
      const r = await verifyPdf(
        store,
        Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Sig /ByteRange [${range}] /Contents <3080> >> endobj\n%%EOF`),
      );
      if (r.isPdf && r.readable) for (const s of r.signatures) expect(s).toMatchObject({ integrity: false });
    }
    // odd-length UTF-16 in a literal string, unbalanced parentheses, a /Contents that is not hex
    const odd = await verifyPdf(
      store,
      Buffer.from(
        '%PDF-1.4\n1 0 obj << /Type /Sig /Reason (\xfe\xff\x00A\x00) /Name (a\\) /ByteRange [0 1 2 3] /Contents <zz> >> endobj',
        'latin1',
      ),
    );
    expect(odd).toMatchObject({ readable: true, signatures: [{ integrity: false, reason: 'A' }] });
    const negative = await verifyPdf(
      store,
      Buffer.from('%PDF-1.4\n1 0 obj << /Type /Sig /ByteRange [0 -5 40 3] /Contents <3080> >> endobj\n%%EOF'),
    );
    expect(negative).toMatchObject({
      readable: true,
      signatures: [{ integrity: false, byteRange: [0, -5, 40, 3], problems: expect.arrayContaining(['badByteRange']) }],
    });
  });

  it('survives a signed PDF cut short or with bytes changed anywhere; a change inside the signed range is never intact', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined); // pdf-lib reports each broken object it skips
    const pdf = await signed();
    const [, b, c] = /\/ByteRange \[0 (\d+) (\d+) \d+\]/.exec(pdf.toString('latin1'))!.map(Number) as [number, number, number];
    let seed = 42;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    for (let i = 1; i < 40; i++) {
      const r = await verifyPdf(store, pdf.subarray(0, Math.floor((pdf.length * i) / 40)));
      if (r.isPdf && r.readable) for (const s of r.signatures) expect(s.integrity).toBe(false);
    }
    for (let i = 0; i < 60; i++) {
      const at = random(pdf.length);
      const copy = Buffer.from(pdf);
      copy[at] = random(256);
      if (copy[at] === pdf[at]) continue;
      const r = await verifyPdf(store, copy);
      const inRange = at < b || at >= c;
      if (inRange && r.isPdf && r.readable) for (const s of r.signatures) expect(s.integrity, `byte ${at}`).toBe(false);
    }
  });
});
