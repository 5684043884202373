// How an application's form and history read: the typed fields of a service version and their values.
import type { Bilingual, Locale } from '../../api/types';
import { pick } from '../../i18n';
import { formatDmy } from '../../composables/dates';

export type FieldType = 'text' | 'number' | 'date' | 'select' | 'mobile' | 'address' | 'vehicleNumber' | 'idProof' | 'upload';

/** One field of a service's form, as the service definition describes it. */
export interface FormFieldDef {
  key: string;
  type: FieldType;
  label: Bilingual;
  hint?: Bilingual;
  required?: boolean;
  options?: Array<{ value: string; label: Bilingual }>;
  kinds?: string[];
  accept?: Array<'pdf' | 'image'>;
  maxSizeMb?: number;
  min?: number;
  max?: number;
  integer?: boolean;
  maxLength?: number;
  notBefore?: 'today';
  notAfter?: 'today';
  maxDaysAhead?: number;
}

const TYPES: readonly FieldType[] = ['text', 'number', 'date', 'select', 'mobile', 'address', 'vehicleNumber', 'idProof', 'upload'];

/** The form of a version (answered as plain records): the fields this app knows how to show. */
export function formFields(form: ReadonlyArray<Record<string, unknown>>): FormFieldDef[] {
  return form
    .filter((f) => typeof f.key === 'string' && TYPES.includes(f.type as FieldType) && !!f.label)
    .map((f) => ({ required: true, ...(f as unknown as FormFieldDef) }));
}

export interface AddressValue {
  areaId?: string;
  line?: string;
  pin?: string;
  district?: string;
  state?: string;
}
export interface IdProofValue {
  kind?: string;
  number?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * An address as one line: the street line, then the locality's name (when the gazetteer's area is
 * known), the PIN, or — outside the district — the district and state given.
 */
export function addressText(value: unknown, areaName: string | null): string {
  if (!isRecord(value)) return '';
  const a = value as AddressValue;
  return [a.line, areaName, a.district, a.state, a.pin].filter((p): p is string => typeof p === 'string' && p.trim() !== '').join(', ');
}

export interface ValueContext {
  locale: Locale;
  /** An area's name in the user's language, when known. */
  areaName: (id: string) => string | null;
  /** An ID proof's kind in words. */
  idKind: (kind: string) => string;
  /** An upload's file name, when it is among the documents. */
  uploadName: (id: string) => string | null;
}

/** A form value as text: a date DD.MM.YYYY, a choice by its label, an ID proof by its kind and (masked) number. */
export function valueText(field: FormFieldDef, value: unknown, ctx: ValueContext): string {
  if (value === undefined || value === null || value === '') return '';
  switch (field.type) {
    case 'date':
      return typeof value === 'string' ? formatDmy(value) : '';
    case 'select':
      return pick(field.options?.find((o) => o.value === value)?.label, ctx.locale) || String(value);
    case 'address': {
      const id = isRecord(value) && typeof value.areaId === 'string' ? value.areaId : null;
      return addressText(value, id ? ctx.areaName(id) : null);
    }
    case 'idProof': {
      if (!isRecord(value)) return '';
      const v = value as IdProofValue;
      return [v.kind ? ctx.idKind(v.kind) : '', v.number ?? ''].filter(Boolean).join(': ');
    }
    case 'upload':
      return typeof value === 'string' ? (ctx.uploadName(value) ?? '') : '';
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** The area ids an application's addresses name (to look up their names). */
export function addressAreaIds(fields: FormFieldDef[], data: Record<string, unknown>): string[] {
  const ids = fields
    .filter((f) => f.type === 'address')
    .map((f) => data[f.key])
    .flatMap((v) => (isRecord(v) && typeof v.areaId === 'string' ? [v.areaId] : []));
  return [...new Set(ids)];
}

/** "1.2 MB", "340 KB". */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** A police station's report as a step records it (a plain record in the answer). */
export interface ReportView {
  antecedents: 'none' | 'found' | null;
  cases: Array<{ number: string; policeStation: string; sections: string; status: string }>;
  remarks: string;
}
export function reportView(report: Record<string, unknown> | null): ReportView | null {
  if (!report) return null;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const cases = Array.isArray(report.cases) ? report.cases.filter(isRecord) : [];
  return {
    antecedents: report.antecedents === 'none' || report.antecedents === 'found' ? report.antecedents : null,
    cases: cases.map((c) => ({
      number: str(c.number),
      policeStation: str(c.policeStation),
      sections: str(c.sections),
      status: str(c.status),
    })),
    remarks: str(report.remarks),
  };
}
