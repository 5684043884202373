/**
 * Signed PDFs made by hand and by independent tools (openssl cms / ts, poppler's pdfsig), to hold
 * our verifier against pdfsig. Nothing here uses the backend's signing code: the signature
 * dictionary is appended as an incremental update written from scratch, the CMS comes from openssl.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

export const run = promisify(execFile);

/** A one-page PDF from pdfkit (classic xref table). */
export async function basePdf(text: string): Promise<Buffer> {
  const PDFDocument = (await import('pdfkit')).default;
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((r) => doc.on('end', r));
  doc.text(text);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

export interface Placeholder {
  pdf: Buffer;
  byteRange: [number, number, number, number];
}

export interface PlaceholderOptions {
  subFilter: string;
  /** `Sig` (default) or `DocTimeStamp`. */
  type?: 'Sig' | 'DocTimeStamp';
  /** Bytes reserved for the CMS. */
  reserve?: number;
  reason?: string;
}

const pdfDate = (d: Date) => `D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

/**
 * Appends an invisible signature field (with the given signature dictionary as its value, or empty)
 * as an incremental update: the catalog again with the field added to /AcroForm /Fields, a classic
 * xref section and a trailer with /Prev.
 */
function appendSignatureField(input: Buffer, sigDict: string | null, fieldName?: string): Buffer {
  const text = input.toString('latin1');
  const trailer = [...text.matchAll(/trailer\s*<<([\s\S]*?)>>\s*startxref\s+(\d+)/g)].at(-1)?.[1];
  if (!trailer) throw new Error('appendSignatureField: needs a classic trailer');
  const prev = [...text.matchAll(/startxref\s+(\d+)/g)].at(-1)![1]!;
  const size = Number(/\/Size\s+(\d+)/.exec(trailer)![1]);
  const root = Number(/\/Root\s+(\d+)\s+0\s+R/.exec(trailer)![1]);
  const info = /\/Info\s+(\d+\s+0\s+R)/.exec(trailer)?.[1];
  const id = /\/ID\s*(\[[^\]]*\])/.exec(trailer)?.[1];
  const catalogAt = text.lastIndexOf(`\n${root} 0 obj`);
  const catalogEnd = text.indexOf('endobj', catalogAt);
  let catalog = text.slice(text.indexOf('<<', catalogAt), text.lastIndexOf('>>', catalogEnd) + 2);
  const pageRef = /\/Kids\s*\[\s*(\d+\s+0\s+R)/.exec(text)?.[1] ?? null;
  const field = size;
  const sig = size + 1;
  if (/\/Fields\s*\[/.test(catalog)) catalog = catalog.replace(/(\/Fields\s*\[[^\]]*)\]/, `$1 ${field} 0 R]`);
  else catalog = `${catalog.slice(0, -2)} /AcroForm << /Fields [${field} 0 R] /SigFlags 3 >> >>`;
  const fieldDict = `<< /FT /Sig /T (${fieldName ?? `Signature${field}`})${sigDict ? ` /V ${sig} 0 R` : ''} /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132${pageRef ? ` /P ${pageRef}` : ''} >>`;

  let body = '\n';
  const offsets: Record<number, number> = {};
  const obj = (n: number, dict: string) => {
    offsets[n] = input.length + Buffer.byteLength(body, 'latin1');
    body += `${n} 0 obj\n${dict}\nendobj\n`;
  };
  obj(root, catalog);
  obj(field, fieldDict);
  if (sigDict) obj(sig, sigDict);
  const count = sigDict ? 2 : 1;
  const xrefAt = input.length + Buffer.byteLength(body, 'latin1');
  const entry = (n: number) => `${String(offsets[n]).padStart(10, '0')} 00000 n \n`;
  body += `xref\n0 1\n0000000000 65535 f \n${root} 1\n${entry(root)}${field} ${count}\n${entry(field)}${sigDict ? entry(sig) : ''}`;
  body += `trailer\n<< /Size ${size + count} /Root ${root} 0 R${info ? ` /Info ${info}` : ''}${id ? ` /ID ${id}` : ''} /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([input, Buffer.from(body, 'latin1')]);
}

/** An empty signature field, for `pdfsig -sign` to fill. */
export const addEmptySignatureField = (input: Buffer, fieldName: string): Buffer => appendSignatureField(input, null, fieldName);

/** A signature dictionary with a zero-filled /Contents in a new field, and the final /ByteRange filled in. */
export function addPlaceholder(input: Buffer, o: PlaceholderOptions): Placeholder {
  const reserve = o.reserve ?? 16_000;
  const rangePlaceholder = '/ByteRange [0 0000000000 0000000000 0000000000]';
  const type = o.type ?? 'Sig';
  const sigDict =
    `<< /Type /${type} /Filter /Adobe.PPKLite /SubFilter /${o.subFilter} ${rangePlaceholder} /Contents <${'0'.repeat(reserve * 2)}>` +
    (type === 'Sig' ? ` /M (${pdfDate(new Date())}) /Reason (${o.reason ?? 'Approved'}) /Name (Corpus)` : '') +
    ' >>';
  const pdf = appendSignatureField(input, sigDict);
  const rangeAt = pdf.indexOf(rangePlaceholder, input.length);
  const start = pdf.indexOf('/Contents <', rangeAt) + '/Contents '.length;
  const end = pdf.indexOf('>', start) + 1;
  const byteRange: [number, number, number, number] = [0, start, end, pdf.length - end];
  const filled = `/ByteRange [${byteRange.join(' ')}]`.padEnd(rangePlaceholder.length, ' ');
  pdf.write(filled, rangeAt, 'latin1');
  return { pdf, byteRange };
}

/** The bytes the /ByteRange covers. */
export function signedBytes(p: Placeholder): Buffer {
  const [a, b, c, d] = p.byteRange;
  return Buffer.concat([p.pdf.subarray(a, a + b), p.pdf.subarray(c, c + d)]);
}

/** Writes a CMS (DER or BER) into the reserved /Contents. */
export function embed(p: Placeholder, cms: Buffer): Buffer {
  const [, start, end] = p.byteRange;
  const room = end - start - 2;
  const hex = cms.toString('hex');
  if (hex.length > room) throw new Error('CMS larger than the reserved space');
  const out = Buffer.from(p.pdf);
  out.write(hex.padEnd(room, '0'), start + 1, 'latin1');
  return out;
}

export const digest = (alg: string, b: Buffer) => createHash(alg).update(b).digest();

export interface Signer {
  certPem: string;
  keyPem: string;
}

/** `openssl cms -sign` over `content`: detached unless `nodetach`; returns the DER. */
export async function opensslCms(
  dir: string,
  name: string,
  content: Buffer,
  signer: Signer,
  o: { md: string; pss?: boolean; nodetach?: boolean; noattr?: boolean; chain?: string },
): Promise<Buffer> {
  const f = (s: string) => path.join(dir, `${name}.${s}`);
  await writeFile(f('in'), content);
  await writeFile(f('crt'), signer.certPem);
  await writeFile(f('key'), signer.keyPem);
  const args = [
    'cms',
    '-sign',
    '-binary',
    '-outform',
    'DER',
    '-in',
    f('in'),
    '-signer',
    f('crt'),
    '-inkey',
    f('key'),
    '-md',
    o.md,
    '-out',
    f('p7s'),
  ];
  if (o.nodetach) args.push('-nodetach');
  if (o.noattr) args.push('-noattr');
  if (o.pss) args.push('-keyopt', 'rsa_padding_mode:pss');
  if (o.chain) args.push('-certfile', o.chain);
  await run('openssl', args);
  return readFile(f('p7s'));
}

/** Issues a certificate with openssl from the test CA (for extensions the pki helper does not write, e.g. a TSA's EKU). */
export async function opensslIssue(
  dir: string,
  name: string,
  ca: Signer,
  o: { subject: string; extensions: string; key?: 'rsa' | 'ec' },
): Promise<Signer> {
  const f = (s: string) => path.join(dir, `${name}.${s}`);
  await writeFile(f('ca.crt'), ca.certPem);
  await writeFile(f('ca.key'), ca.keyPem);
  await writeFile(f('ext'), `[v3]\n${o.extensions}\n`);
  const keyArgs = o.key === 'ec' ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-newkey', 'rsa:2048'];
  await run('openssl', ['req', '-new', ...keyArgs, '-nodes', '-keyout', f('key'), '-subj', o.subject, '-out', f('csr')]);
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    f('csr'),
    '-CA',
    f('ca.crt'),
    '-CAkey',
    f('ca.key'),
    '-set_serial',
    `0x${Date.now().toString(16)}${Math.floor(Math.random() * 1e6).toString(16)}`,
    '-days',
    '365',
    '-extfile',
    f('ext'),
    '-extensions',
    'v3',
    '-out',
    f('crt'),
  ]);
  return { certPem: await readFile(f('crt'), 'utf8'), keyPem: await readFile(f('key'), 'utf8') };
}

/** An RFC 3161 timestamp token (ContentInfo, DER) from `openssl ts` over `imprint` (a digest made with `md`). */
export async function opensslTimestamp(
  dir: string,
  name: string,
  imprint: Buffer,
  md: string,
  tsa: Signer,
  chainPem: string,
): Promise<Buffer> {
  const f = (s: string) => path.join(dir, `${name}.${s}`);
  await writeFile(f('tsa.crt'), tsa.certPem);
  await writeFile(f('tsa.key'), tsa.keyPem);
  await writeFile(f('chain.pem'), chainPem);
  await writeFile(f('serial'), '01\n');
  await writeFile(
    f('cnf'),
    [
      '[tsa]',
      'default_tsa = tsa_config',
      '[tsa_config]',
      `serial = ${f('serial')}`,
      'default_policy = 1.2.3.4.1',
      'digests = sha1, sha256, sha384, sha512',
      'signer_digest = sha256',
      'accuracy = secs:1',
      'ordering = yes',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  await run('openssl', ['ts', '-query', '-digest', imprint.toString('hex'), `-${md}`, '-cert', '-no_nonce', '-out', f('tsq')]);
  await run('openssl', [
    'ts',
    '-reply',
    '-config',
    f('cnf'),
    '-queryfile',
    f('tsq'),
    '-signer',
    f('tsa.crt'),
    '-inkey',
    f('tsa.key'),
    '-chain',
    f('chain.pem'),
    '-token_out',
    '-out',
    f('tst'),
  ]);
  return readFile(f('tst'));
}

export type PdfsigVerdict = 'valid' | 'digestMismatch' | 'invalid' | 'notVerified' | 'other';

export interface PdfsigEntry {
  /** Offset where the second signed range starts (the end of the /Contents hex string): matches our byteRange[2]. */
  resumesAt: number;
  type: string;
  hash: string;
  verdict: PdfsigVerdict;
}

/** What pdfsig (poppler, NSS) says about each signature: the signed ranges, type, hash and "Signature Validation" line. */
export async function pdfsig(file: string, nssDir: string): Promise<{ entries: PdfsigEntry[]; out: string }> {
  const r = await run('pdfsig', ['-nssdir', `sql:${nssDir}`, '-no-ocsp', file]).catch((e: { stdout?: string; stderr?: string }) => ({
    stdout: String(e.stdout ?? ''),
    stderr: String(e.stderr ?? ''),
  }));
  const entries = r.stdout
    .split(/^Signature #\d+:$/m)
    .slice(1)
    .map((block): PdfsigEntry => {
      const ranges = /Signed Ranges: \[(\d+) - (\d+)\], \[(\d+) - (\d+)\]/.exec(block);
      const v = /Signature Validation: (.*)/.exec(block)?.[1] ?? '';
      return {
        resumesAt: ranges ? Number(ranges[3]) : -1,
        type: /Signature Type: (.*)/.exec(block)?.[1]?.trim() ?? '',
        hash: /Signing Hash Algorithm: (.*)/.exec(block)?.[1]?.trim() ?? '',
        verdict: /Signature is Valid/.test(v)
          ? 'valid'
          : /Digest Mismatch/i.test(v)
            ? 'digestMismatch'
            : /not yet been verified/.test(v)
              ? 'notVerified'
              : /invalid|not valid/i.test(v)
                ? 'invalid'
                : 'other',
      };
    });
  return { entries, out: r.stdout + r.stderr };
}

/**
 * Signs with poppler's own signer (NSS: BER with indefinite lengths): a new field with
 * `-add-signature` (adbe.pkcs7.detached only in poppler 22), or `field` with `-sign` (`etsi` for ETSI.CAdES.detached).
 */
export async function pdfsigSign(
  input: string,
  output: string,
  nssDir: string,
  nick: string,
  o: { field?: string; etsi?: boolean; reason?: string } = {},
): Promise<Buffer> {
  const args = [
    o.field ? '-sign' : '-add-signature',
    ...(o.field ? [o.field] : []),
    '-nssdir',
    `sql:${nssDir}`,
    '-nick',
    nick,
    '-reason',
    o.reason ?? 'Approved',
  ];
  if (o.etsi) args.push('-etsi');
  await run('pdfsig', [...args, input, output]).catch((e: { stderr?: string }) => {
    // poppler 22 complains about NSS shutdown after writing the file; only a missing file is a failure
    if (!/NSS_Shutdown/.test(String(e.stderr))) throw e;
  });
  return readFile(output);
}
