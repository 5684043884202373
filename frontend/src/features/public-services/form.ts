// The applicant form as the page holds it: typed fields read from a service's live definition, what the
// applicant has typed (by kind of field), the `data` the API takes, the required checks made before
// sending, and the server's issues (`data.<key>…`) placed at their field.
import { fromIsoDate, toIsoDate } from '../../composables/dates';
import type { ValidationIssue } from '../../api/types';
import { FIELD_TYPES, type FormFieldDef, type PublicArea, type UploadedFile } from './types';

/** The definition's fields this page knows how to show (any other kind would be refused by the server anyway). */
export function formFields(form: ReadonlyArray<Record<string, unknown>>): FormFieldDef[] {
  return form
    .filter((f) => typeof f.key === 'string' && FIELD_TYPES.includes(f.type as FormFieldDef['type']))
    .map((f) => ({ required: true, ...f }) as unknown as FormFieldDef);
}

export interface AddressState {
  /** The locality chosen from the gazetteer (within the district). */
  area: PublicArea | null;
  /** The area id kept from the data filed before, while its names are being looked up. */
  areaId: string | null;
  line: string;
  pin: string;
  /** Outside the district: its name and the state's code instead of a locality. */
  outside: boolean;
  district: string;
  state: string;
}
export interface IdProofState {
  kind: string | null;
  number: string;
  /** The number as it was filed, masked but for the last four (the applicant types it again). */
  masked: string;
}

/** What the applicant has typed, by kind of field (each map keyed by the field's key). */
export interface FormState {
  /** text, number, mobile, vehicle number and select fields ('' = nothing). */
  text: Record<string, string>;
  dates: Record<string, Date | null>;
  addresses: Record<string, AddressState>;
  ids: Record<string, IdProofState>;
  uploads: Record<string, UploadedFile | null>;
}

const emptyAddress = (): AddressState => ({ area: null, areaId: null, line: '', pin: '', outside: false, district: '', state: 'UP' });

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** A blank form, or — a returned application — the data it was filed with. */
export function formState(fields: FormFieldDef[], data: Record<string, unknown> = {}, documents: UploadedFile[] = []): FormState {
  const state: FormState = { text: {}, dates: {}, addresses: {}, ids: {}, uploads: {} };
  for (const f of fields) {
    const v = data[f.key];
    switch (f.type) {
      case 'date':
        state.dates[f.key] = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? fromIsoDate(v) : null;
        break;
      case 'address': {
        const a = emptyAddress();
        if (isObject(v)) {
          a.areaId = typeof v.areaId === 'string' ? v.areaId : null;
          a.line = str(v.line);
          a.pin = str(v.pin);
          if (!a.areaId && (v.district || v.state)) {
            a.outside = true;
            a.district = str(v.district);
            a.state = str(v.state) || 'UP';
          }
        }
        state.addresses[f.key] = a;
        break;
      }
      case 'idProof':
        state.ids[f.key] = isObject(v)
          ? { kind: typeof v.kind === 'string' ? v.kind : null, number: '', masked: str(v.number) }
          : { kind: f.kinds.length === 1 ? f.kinds[0]! : null, number: '', masked: '' };
        break;
      case 'upload':
        state.uploads[f.key] =
          typeof v === 'string' ? (documents.find((d) => d.id === v) ?? { id: v, name: v, mime: '', size: 0, pages: 0 }) : null;
        break;
      default:
        state.text[f.key] = str(v);
    }
  }
  return state;
}

/** The form's values as the API takes them (`data`): what is empty is left out. */
export function formData(fields: FormFieldDef[], state: FormState): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const f of fields) {
    switch (f.type) {
      case 'date': {
        const d = state.dates[f.key];
        if (d) data[f.key] = toIsoDate(d);
        break;
      }
      case 'address': {
        const a = state.addresses[f.key];
        if (!a) break;
        const areaId = a.area?.id ?? a.areaId;
        const out: Record<string, unknown> = { line: a.line.trim() };
        if (a.outside) {
          if (a.district.trim()) out.district = a.district.trim();
          if (a.state) out.state = a.state;
        } else if (areaId) out.areaId = areaId;
        if (a.pin.trim()) out.pin = a.pin.trim();
        if (out.line || out.areaId || out.district || out.pin) data[f.key] = out;
        break;
      }
      case 'idProof': {
        const p = state.ids[f.key];
        if (p && (p.kind || p.number.trim())) data[f.key] = { kind: p.kind ?? '', number: p.number.trim() };
        break;
      }
      case 'upload': {
        const u = state.uploads[f.key];
        if (u) data[f.key] = u.id;
        break;
      }
      case 'number': {
        const t = (state.text[f.key] ?? '').trim();
        if (t) data[f.key] = /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
        break;
      }
      default: {
        const t = (state.text[f.key] ?? '').trim();
        if (t) data[f.key] = t;
      }
    }
  }
  return data;
}

/** Why a field cannot be sent as it is (an i18n key), by its path below `data` ("from.line"); checked before the server is asked. */
export function localProblems(fields: FormFieldDef[], state: FormState): Record<string, string> {
  const problems: Record<string, string> = {};
  const required = 'publicServices.form.required';
  for (const f of fields) {
    switch (f.type) {
      case 'date':
        if (f.required && !state.dates[f.key]) problems[f.key] = required;
        break;
      case 'address': {
        const a = state.addresses[f.key];
        if (!a) break;
        const touched = !!(a.line.trim() || a.area || a.areaId || a.pin.trim() || a.district.trim());
        if (!f.required && !touched) break;
        if (a.outside) {
          if (!a.district.trim()) problems[`${f.key}.district`] = required;
        } else if (!a.area && !a.areaId) problems[`${f.key}.areaId`] = 'publicServices.address.chooseLocality';
        if (!a.line.trim()) problems[`${f.key}.line`] = required;
        if (a.pin.trim() && !/^[1-9]\d{5}$/.test(a.pin.trim())) problems[`${f.key}.pin`] = 'publicServices.address.pinFormat';
        break;
      }
      case 'idProof': {
        const p = state.ids[f.key];
        if (!p || (!f.required && !p.kind && !p.number.trim())) break;
        if (!p.kind) problems[`${f.key}.kind`] = required;
        if (!p.number.trim()) problems[`${f.key}.number`] = required;
        break;
      }
      case 'upload':
        if (f.required && !state.uploads[f.key]) problems[f.key] = required;
        break;
      case 'number': {
        const t = (state.text[f.key] ?? '').trim();
        if (f.required && !t) problems[f.key] = required;
        else if (t && !/^-?\d+(\.\d+)?$/.test(t)) problems[f.key] = 'publicServices.form.notNumber';
        break;
      }
      default:
        if (f.required && !(state.text[f.key] ?? '').trim()) problems[f.key] = required;
    }
  }
  return problems;
}

/**
 * The server's issues by their path below `data` ("from.areaId", "idProof.number", "persons"); the
 * first message of a path wins. Issues outside `data` (or at `data` itself) come back as `other`.
 */
export function placeIssues(issues: readonly ValidationIssue[]): { fields: Record<string, string>; other: string[] } {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const [head, ...rest] = issue.path.map(String);
    if (head === 'data' && rest.length) {
      const key = rest.join('.');
      if (!(key in fields)) fields[key] = issue.message;
    } else other.push(issue.message);
  }
  return { fields, other };
}

/** A field's message for a path below `data`: the exact path, else the nearest path above it ("from" for "from.line"), when asked. */
export function messageAt(messages: Record<string, string>, path: string, orAbove = false): string | undefined {
  if (messages[path]) return messages[path];
  if (!orAbove) return undefined;
  const parts = path.split('.');
  for (let n = parts.length - 1; n > 0; n--) {
    const m = messages[parts.slice(0, n).join('.')];
    if (m) return m;
  }
  return undefined;
}

/** Messages under a field that no part of it shows ("from.foo"), so none is lost. */
export function messagesUnder(messages: Record<string, string>, key: string, shown: readonly string[]): string[] {
  return Object.entries(messages)
    .filter(([p]) => p.startsWith(`${key}.`) && !shown.includes(p.slice(key.length + 1)))
    .map(([, m]) => m);
}

/** "12.3 KB" / "1.2 MB" — the size of an uploaded file. */
export function fileSize(bytes: number, locale: 'hi' | 'en'): string {
  const fmt = (n: number) => n.toLocaleString(locale === 'hi' ? 'hi-IN' : 'en-IN', { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${fmt(bytes)} B`;
  if (bytes < 1024 * 1024) return `${fmt(bytes / 1024)} KB`;
  return `${fmt(bytes / (1024 * 1024))} MB`;
}

/** The `accept` attribute of a file input for an upload field. */
export function acceptOf(kinds: ReadonlyArray<'pdf' | 'image'>): string {
  return kinds.map((k) => (k === 'pdf' ? 'application/pdf,.pdf' : 'image/*')).join(',');
}
