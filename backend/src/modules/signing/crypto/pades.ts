import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { findByteRange, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { sha256 } from './cms.js';

/**
 * PAdES baseline B: a signature dictionary (`/SubFilter /ETSI.CAdES.detached`) whose /Contents
 * holds a detached CMS over the bytes the /ByteRange names (everything but /Contents itself).
 * The placeholder is added as an incremental update, so a second signature keeps the first valid.
 */

/** Bytes reserved for the CMS (certificate chain included); hex doubles it inside the PDF. */
const SIGNATURE_BYTES = 12_000;

export interface PreparedPdf {
  /** The PDF with the placeholder and the final /ByteRange filled in; /Contents still zeros. */
  pdf: Buffer;
  byteRange: [number, number, number, number];
  /** SHA-256 over the ByteRange: the CMS message digest. */
  digest: Buffer;
}

export function preparePdf(
  pdfIn: Buffer,
  o: { name: string; reason: string; location: string; contactInfo: string; signingTime: Date },
): PreparedPdf {
  let pdf = plainAddPlaceholder({
    pdfBuffer: pdfIn,
    reason: o.reason,
    contactInfo: o.contactInfo,
    name: o.name,
    location: o.location,
    signingTime: o.signingTime,
    signatureLength: SIGNATURE_BYTES,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: 'Patravali',
  });
  const { byteRangePlaceholder, byteRangePlaceholderPosition } = findByteRange(pdf);
  if (!byteRangePlaceholder || byteRangePlaceholderPosition === undefined) throw new Error('no signature placeholder in the PDF');
  const byteRangeEnd = byteRangePlaceholderPosition + byteRangePlaceholder.length;
  const contentsTag = pdf.indexOf('/Contents ', byteRangeEnd);
  const start = pdf.indexOf('<', contentsTag);
  const end = pdf.indexOf('>', start);
  if (contentsTag < 0 || start < 0 || end < 0) throw new Error('no /Contents placeholder in the PDF');
  const byteRange: [number, number, number, number] = [0, start, end + 1, 0];
  byteRange[3] = pdf.length - byteRange[2];
  let filled = `/ByteRange [${byteRange.join(' ')}]`;
  if (filled.length > byteRangePlaceholder.length) throw new Error('PDF too large for the /ByteRange placeholder');
  filled += ' '.repeat(byteRangePlaceholder.length - filled.length);
  pdf = Buffer.concat([pdf.subarray(0, byteRangePlaceholderPosition), Buffer.from(filled), pdf.subarray(byteRangeEnd)]);
  return { pdf, byteRange, digest: digestByteRange(pdf, byteRange) };
}

export function digestByteRange(pdf: Buffer, [a, b, c, d]: readonly number[]): Buffer {
  return sha256(Buffer.concat([pdf.subarray(a, a! + b!), pdf.subarray(c, c! + d!)]));
}

/** Writes the CMS into the reserved /Contents (hex, zero-padded). */
export function embedCms(prepared: PreparedPdf, cms: Buffer): Buffer {
  const [, start, end] = prepared.byteRange;
  const room = end - start - 2;
  const hex = cms.toString('hex');
  if (hex.length > room) throw new Error(`signature (${cms.length} bytes) larger than the reserved space`);
  const out = Buffer.from(prepared.pdf);
  out.write(hex + '0'.repeat(room - hex.length), start + 1, 'latin1');
  return out;
}
