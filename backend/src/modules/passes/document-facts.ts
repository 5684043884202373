import type { Reader } from '../../shared/persistence.js';
import type { Application } from '../applications/index.js';
import type { ServiceDefinition } from '../services/index.js';
import type { PassClaims } from './pass-token.js';
import { applicationUpload, areaNames, stationFinding } from './passes.queries.js';

type Bi = { hi: string; en: string };
type Kind = PassClaims['k'];

/** The kind of document a service issues: a movement pass, a visitor pass, a certificate (verification, NOC, permission), a report. */
export function documentKind(def: ServiceDefinition): Kind | null {
  const doc = def.output.document;
  if (doc === 'none') return null;
  if (doc === 'pass') return def.category === 'visitor' ? 'visitor' : 'pass';
  if (doc === 'report') return 'report';
  return 'certificate';
}

/** Who signs a service's documents (definitions stored before the choice existed: the office's document signer). */
export const signerOf = (def: ServiceDefinition): 'office' | 'officer' => def.output.signer ?? 'office';

interface Address {
  areaId?: string;
  line?: string;
  district?: string;
  state?: string;
}
interface IdProof {
  kind?: string;
  number?: string;
}

/** A line the document prints: a bilingual label and a value. */
export interface FactLine {
  label: Bi;
  value: string;
}

/** Everything an issued document says, from its application: the token's claims (but id and issuer) and the printed lines. */
export interface DocumentFacts {
  kind: Kind;
  holderName: string;
  /** `aadhaar:0123` */
  maskedId: string | null;
  validFrom: string;
  validUntil: string | null;
  /** Route / destination / place, short (the token's `d`). */
  permitted: string | null;
  vehicle: string | null;
  gate: string | null;
  photo: { objectKey: string; mime: string; sha256: string } | null;
  /** The station's finding on a verification (never the case details). */
  finding: 'none' | 'found' | null;
  lines: FactLine[];
}

const LABELS = {
  from: { hi: 'कहाँ से', en: 'From' },
  to: { hi: 'कहाँ तक', en: 'To' },
  date: { hi: 'यात्रा तिथि', en: 'Date of travel' },
  category: { hi: 'प्रयोजन', en: 'Purpose' },
  persons: { hi: 'व्यक्तियों की संख्या', en: 'Persons' },
  vehicle: { hi: 'वाहन संख्या', en: 'Vehicle' },
  office: { hi: 'कार्यालय', en: 'Office' },
  section: { hi: 'अनुभाग / अधिकारी', en: 'Section / officer' },
  visit: { hi: 'भेंट का समय', en: 'Time of visit' },
  purpose: { hi: 'प्रयोजन', en: 'Purpose' },
  subject: { hi: 'जिसका सत्यापन हुआ', en: 'Person verified' },
  father: { hi: 'पिता का नाम', en: "Father's name" },
  address: { hi: 'पता', en: 'Address' },
  event: { hi: 'कार्यक्रम', en: 'Event' },
  venue: { hi: 'स्थान', en: 'Venue' },
  hours: { hi: 'समय', en: 'Hours' },
} satisfies Record<string, Bi>;

export const FINDING: Record<'none' | 'found', Bi> = {
  none: { hi: 'कोई आपराधिक पूर्ववृत्त नहीं पाया गया', en: 'No criminal antecedents found' },
  found: { hi: 'आपराधिक पूर्ववृत्त अभिलेख में पाए गए', en: 'Criminal antecedents found on record' },
};

const dmy = (iso: string) => iso.slice(0, 10).split('-').reverse().join('.');

/**
 * Reads what the document states from the application as approved (its form data, validity, the
 * station's finding, the photo) under the service's definition. Names of places come from the
 * gazetteer; ID numbers are already stored masked (but for the last four digits).
 */
export async function documentFacts(
  read: Reader,
  app: Pick<Application, 'id' | 'data' | 'applicantName' | 'validFrom' | 'validUntil'>,
  def: ServiceDefinition,
  office: { code: string; nameEn: string; nameHi: string },
  today: string,
): Promise<DocumentFacts | null> {
  const kind = documentKind(def);
  if (!kind) return null;
  const data = app.data;
  const fields = new Map(def.form.map((f) => [f.key, f]));
  const addresses = def.form.filter((f) => f.type === 'address').map((f) => data[f.key] as Address | undefined);
  const names = await areaNames(
    read,
    addresses.map((a) => a?.areaId).filter((x): x is string => !!x),
  );
  const place = (a: Address | undefined, lang: 'hi' | 'en') => {
    if (!a) return '';
    const area = a.areaId ? names.get(a.areaId) : undefined;
    const where = area ? (lang === 'hi' ? area.name_hi : area.name_en) : [a.district, a.state].filter(Boolean).join(', ');
    return where;
  };
  const full = (a: Address | undefined) => (a ? [a.line, place(a, 'en')].filter(Boolean).join(', ') : '');
  const optionLabel = (key: string): Bi | null => {
    const f = fields.get(key);
    const v = data[key];
    if (f?.type !== 'select' || typeof v !== 'string') return null;
    return f.options.find((o) => o.value === v)?.label ?? { hi: v, en: v };
  };
  const text = (key: string) => (typeof data[key] === 'string' ? data[key] : typeof data[key] === 'number' ? String(data[key]) : null);

  const holderName = text('name') ?? text('subjectName') ?? app.applicantName;
  const idField = def.form.find((f) => f.type === 'idProof');
  const id = idField ? (data[idField.key] as IdProof | undefined) : undefined;
  const maskedId = id?.kind && id.number ? `${id.kind}:${id.number.slice(-4)}` : null;
  const vehicleField = def.form.find((f) => f.type === 'vehicleNumber');
  const vehicle = vehicleField ? text(vehicleField.key) : null;
  const photoField = def.form.find((f) => f.type === 'upload' && (f.key === 'photo' || (f.accept.length === 1 && f.accept[0] === 'image')));
  const photoId = photoField ? text(photoField.key) : null;
  const upload = photoId ? await applicationUpload(read, app.id, photoId) : null;
  const photo =
    upload && upload.mime.startsWith('image/') ? { objectKey: upload.object_key, mime: upload.mime, sha256: upload.sha256 } : null;

  // validity: the dates of the approval; a visitor pass only within the service's hours
  const from = app.validFrom ? String(app.validFrom).slice(0, 10) : today;
  const until = app.validUntil ? String(app.validUntil).slice(0, 10) : null;
  const hours = def.output.hours;
  const validFrom = hours ? `${from}T${hours.from}` : from;
  const validUntil = until ? (hours ? `${until}T${hours.to}` : until) : null;

  const lines: FactLine[] = [];
  let permitted: string | null = null;
  let gate: string | null = null;
  let finding: 'none' | 'found' | null = null;
  const push = (label: Bi, value: string | null | undefined) => {
    if (value) lines.push({ label, value });
  };
  if (kind === 'pass' && def.routing.rule === 'movement') {
    const a = data[def.routing.from] as Address | undefined;
    const b = data[def.routing.to] as Address | undefined;
    permitted = `${place(a, 'en')} → ${place(b, 'en')}`;
    push(LABELS.from, full(a));
    push(LABELS.to, full(b));
    const cat = def.form.find((f) => f.type === 'select');
    const label = cat ? optionLabel(cat.key) : null;
    if (label) push(LABELS.category, `${label.hi} / ${label.en}`);
    push(LABELS.persons, text('persons'));
    push(LABELS.vehicle, vehicle);
  } else if (kind === 'visitor') {
    gate = office.code;
    const section = def.routing.rule === 'section' ? optionLabel(def.routing.field) : null;
    permitted = [office.nameEn, section?.en].filter(Boolean).join(' — ');
    push(LABELS.office, `${office.nameHi} / ${office.nameEn}`);
    if (section) push(LABELS.section, `${section.hi} / ${section.en}`);
    push(LABELS.visit, hours ? `${dmy(from)} ${hours.from}–${hours.to}` : dmy(from));
    push(LABELS.purpose, text('purpose'));
  } else if (def.category === 'verification') {
    finding = await stationFinding(read, app.id);
    const purpose = optionLabel('purpose');
    permitted = [`Verification${purpose ? ` (${purpose.en})` : ''}`, finding ? FINDING[finding].en : null].filter(Boolean).join(': ');
    push(LABELS.subject, holderName);
    push(LABELS.father, text('fatherName'));
    const addr = def.form.find((f) => f.type === 'address');
    push(LABELS.address, addr ? full(data[addr.key] as Address) : null);
    if (purpose) push(LABELS.purpose, `${purpose.hi} / ${purpose.en}`);
  } else {
    // a NOC or permission: what, where, when
    const addr = def.form.find((f) => f.type === 'address');
    const venue = addr ? (data[addr.key] as Address | undefined) : undefined;
    const dateField = def.form.find((f) => f.type === 'date');
    const what = text('eventName') ?? text('purpose');
    permitted = [def.name.en, what, place(venue, 'en')].filter(Boolean).join(' — ');
    push(LABELS.event, what);
    push(LABELS.venue, full(venue));
    push(LABELS.date, dateField ? (text(dateField.key) ? dmy(text(dateField.key)!) : null) : null);
    push(LABELS.hours, text('hours'));
    push(LABELS.persons, text('expectedPeople'));
  }
  return { kind, holderName, maskedId, validFrom, validUntil, permitted, vehicle, gate, photo, finding, lines };
}

/** The token's claims for a document with these facts. */
export function claimsOf(
  facts: DocumentFacts,
  o: { id: string; referenceNumber: string; service: string; officeCode: string },
): PassClaims {
  const claims: PassClaims = {
    v: 1,
    j: o.id,
    k: facts.kind,
    r: o.referenceNumber,
    s: o.service,
    n: facts.holderName,
    f: facts.validFrom,
    o: o.officeCode,
    iss: 'patravali',
  };
  if (facts.maskedId) claims.m = facts.maskedId;
  if (facts.validUntil) claims.u = facts.validUntil;
  if (facts.permitted) claims.d = facts.permitted;
  if (facts.gate) claims.g = facts.gate;
  if (facts.vehicle) claims.vh = facts.vehicle;
  if (facts.photo) claims.ph = Buffer.from(facts.photo.sha256, 'hex').subarray(0, 16).toString('base64url');
  return claims;
}
