import { lineHeight, PdfDocument, textWidth } from '../../infra/pdf/index.js';
import { drawQr } from '../signing/index.js';
import type { FactLine } from './document-facts.js';
import type { PassClaims } from './pass-token.js';

type Bi = { hi: string; en: string };

export interface PassPdfContent {
  kind: PassClaims['k'];
  /** The service's name (what the document is for). */
  service: Bi;
  office: Bi;
  referenceNumber: string;
  holderName: string;
  /** `aadhaar:0123` */
  maskedId: string | null;
  validFrom: string;
  validUntil: string | null;
  lines: FactLine[];
  /** A verification's finding, printed prominently (never the case details). */
  finding: Bi | null;
  /** The authority: designation and office (never an officer's name on a pass). */
  authority: { designation: Bi; office: Bi };
  signer: 'office' | 'officer';
  /** The QR's content: the signed token. */
  token: string;
  /** The public verification page of this installation (…/verify). */
  verifyUrl: string;
  /** The holder's photo, JPEG or PNG bytes. */
  photo: Buffer | null;
  issuedOn: string;
}

const TITLES: Record<PassClaims['k'], Bi> = {
  pass: { hi: 'आवागमन पास (ई-पास)', en: 'Movement pass (e-pass)' },
  visitor: { hi: 'आगंतुक पास', en: 'Visitor pass' },
  certificate: { hi: 'प्रमाण पत्र', en: 'Certificate' },
  report: { hi: 'सत्यापन आख्या', en: 'Verification report' },
};

const ID_KINDS: Record<string, Bi> = {
  aadhaar: { hi: 'आधार', en: 'Aadhaar' },
  voterId: { hi: 'मतदाता पहचान पत्र', en: 'Voter ID' },
  drivingLicence: { hi: 'ड्राइविंग लाइसेंस', en: 'Driving licence' },
  passport: { hi: 'पासपोर्ट', en: 'Passport' },
  pan: { hi: 'पैन', en: 'PAN' },
  govtId: { hi: 'सरकारी पहचान पत्र', en: 'Government ID' },
};

/** `2026-05-04` → `04.05.2026`; `2026-05-04T10:00` → `04.05.2026 10:00`. */
export const whenDmy = (w: string) => `${w.slice(0, 10).split('-').reverse().join('.')}${w.length > 10 ? ` ${w.slice(11, 16)}` : ''}`;

/** "आधार XXXX XXXX 0123 / Aadhaar" from `aadhaar:0123`. */
export function maskedIdText(masked: string | null): string | null {
  if (!masked) return null;
  const [kind, last4] = masked.split(':');
  const k = ID_KINDS[kind!] ?? { hi: kind!, en: kind! };
  return `${k.hi} / ${k.en}: ••••${last4}`;
}

const MARGIN = 48;

/**
 * Renders an issued pass or certificate on A4: the QR (the signed token) at the top with the
 * reference number, holder and validity beside it, then what is permitted (or certified), the photo,
 * the issuing authority by designation and office, and how to verify. Bilingual; every line is a
 * marked-content span, so the Hindi copies out as typed. Answers the PDF and the QR's version.
 */
export async function renderPassPdf(c: PassPdfContent): Promise<{ pdf: Buffer; qrVersion: number }> {
  const title = c.kind === 'certificate' || c.kind === 'report' ? { hi: c.service.hi, en: c.service.en } : TITLES[c.kind];
  const pdf = new PdfDocument({
    title: `${title.en} ${c.referenceNumber}`,
    author: c.office.en,
    subject: `${title.en} — ${c.holderName}`,
    lang: 'hi',
    margin: MARGIN,
    footer: (page, pages) => `${c.referenceNumber} — पृष्ठ / Page ${page} / ${pages}`,
  });
  const { doc } = pdf;
  const width = pdf.width;
  pdf.letterhead({ nameHi: c.office.hi, nameEn: c.office.en }, { size: 14 });

  // the QR at the top, left; the key facts beside it
  const qrSize = 200;
  const top = pdf.y;
  const qrVersion = drawQr(doc, c.token, MARGIN - 8, top, qrSize, 'L');
  const x = MARGIN + qrSize + 8;
  const w = width - qrSize - 8;
  let y = top + 6;
  const line = (text: string, size: number, font: 'regular' | 'bold' = 'regular') => {
    pdf.span(text, x, y, { size, font, width: w });
    y += lineHeight(size) + 2;
  };
  line(title.hi, 16, 'bold');
  line(title.en, 13, 'bold');
  y += 6;
  line(`संदर्भ संख्या / Reference No.`, 9);
  line(c.referenceNumber, 12, 'bold');
  y += 4;
  line('धारक / Holder', 9);
  for (const l of pdf.wrap(c.holderName, w, { font: 'bold', size: 14 })) line(l, 14, 'bold');
  const id = maskedIdText(c.maskedId);
  if (id) line(id, 10);
  y += 4;
  line('वैधता / Valid', 9);
  line(c.validUntil ? `${whenDmy(c.validFrom)} — ${whenDmy(c.validUntil)}` : `${whenDmy(c.validFrom)} से / from`, 12, 'bold');
  pdf.y = Math.max(top + qrSize, y) + 10;
  pdf.span('QR कोड में हस्ताक्षरित विवरण — जाँच हेतु स्कैन करें / Signed details in the QR code — scan to check', MARGIN, pdf.y, {
    size: 8,
    width,
  });
  pdf.y += lineHeight(8) + 8;
  pdf.rule({ after: 10 });

  // what is permitted or certified, with the photo on the right
  const photoSize = 110;
  const blockTop = pdf.y;
  if (c.photo) {
    try {
      doc.image(c.photo, MARGIN + width - photoSize, blockTop, { fit: [photoSize, photoSize * 1.25] });
      doc
        .rect(MARGIN + width - photoSize, blockTop, photoSize, photoSize * 1.25)
        .lineWidth(0.5)
        .stroke('#888888');
    } catch {
      /* an image pdfkit cannot read: the pass stands without it (the QR carries its hash) */
    }
  }
  const fieldsWidth = c.photo ? width - photoSize - 16 : width;
  const heading =
    c.kind === 'pass'
      ? 'अनुमति / Permitted'
      : c.kind === 'visitor'
        ? 'भेंट / Visit'
        : c.kind === 'report'
          ? 'आख्या / Report'
          : 'प्रमाणित किया जाता है / Certified';
  pdf.paragraph(heading, { font: 'bold', size: 12, width: fieldsWidth, after: 4 });
  const labelWidth = Math.min(
    fieldsWidth * 0.42,
    Math.max(...c.lines.map((l) => textWidth(`${l.label.hi} / ${l.label.en}`, 'bold', 10))) + 12,
  );
  for (const l of c.lines) {
    const labels = pdf.wrap(`${l.label.hi} / ${l.label.en}`, labelWidth - 8, { font: 'bold', size: 10 });
    const values = pdf.wrap(l.value, fieldsWidth - labelWidth, { size: 10 });
    const h = lineHeight(10);
    for (let i = 0; i < Math.max(labels.length, values.length); i++) {
      pdf.ensure(h);
      if (labels[i]) pdf.span(labels[i]!, MARGIN, pdf.y, { font: 'bold', size: 10 });
      if (values[i]) pdf.span(values[i]!, MARGIN + labelWidth, pdf.y, { size: 10 });
      pdf.y += h;
    }
    pdf.y += 3;
  }
  if (c.finding) {
    pdf.gap(4);
    pdf.paragraph(c.finding.hi, { font: 'bold', size: 11, width: fieldsWidth, after: 0 });
    pdf.paragraph(c.finding.en, { font: 'bold', size: 11, width: fieldsWidth, after: 2 });
  }
  if (c.photo) pdf.y = Math.max(pdf.y, blockTop + photoSize * 1.25 + 6);
  pdf.gap(10);
  if (c.kind === 'pass' || c.kind === 'visitor')
    pdf.paragraph('यह पास मूल पहचान पत्र के साथ ही मान्य है। / This pass is valid only with the original ID proof shown above.', {
      size: 9,
      after: 2,
    });
  pdf.gap(12);

  // the authority, by designation and office; the signature is the PDF's digital signature
  pdf.ensure(100);
  pdf.span(`जारी / Issued: ${c.issuedOn}`, MARGIN, pdf.y, { size: 9, width: width / 2 });
  const right = (text: string, font: 'regular' | 'bold', size: number) => {
    for (const l of pdf.wrap(text, width * 0.6, { font, size })) {
      pdf.span(l, MARGIN + width * 0.4, pdf.y, { font, size, width: width * 0.6, align: 'right' });
      pdf.y += lineHeight(size);
    }
  };
  right(
    c.signer === 'office'
      ? 'कार्यालय के दस्तावेज़ हस्ताक्षरकर्ता द्वारा डिजिटल हस्ताक्षरित / Digitally signed by the office’s document signer'
      : 'डिजिटल हस्ताक्षरित / Digitally signed',
    'regular',
    8,
  );
  pdf.y += 4;
  right(c.authority.designation.hi, 'bold', 11);
  right(c.authority.designation.en, 'regular', 10);
  right(c.authority.office.hi, 'regular', 8);
  right(c.authority.office.en, 'regular', 8);
  pdf.y += 8;
  pdf.rule({ after: 6 });
  pdf.paragraph('सत्यापन / Verify:', { size: 8, after: 0 });
  pdf.paragraph(`${c.verifyUrl} — QR स्कैन करें या यह PDF अपलोड करें / scan the QR or upload this PDF`, { size: 8 });
  return { pdf: await pdf.finish(), qrVersion };
}
