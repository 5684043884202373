// The counter's filing form: the values as typed, and the `data` the API takes from them.
import type { FormFieldDef } from './format';

/** What a field holds before anything is typed. */
export function emptyValue(field: FormFieldDef): unknown {
  switch (field.type) {
    case 'address':
      return { outside: false, line: '' };
    case 'idProof':
      return {};
    case 'select':
    case 'date':
    case 'upload':
      return null;
    default:
      return '';
  }
}

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/**
 * The form's `data` for the API: each field in its type's shape (a number as a number, an address with
 * its locality's id or — outside the district — district and state), empty optional parts left out so
 * the server reports a missing required field at that field. A number that is not one is sent as typed,
 * for the server to say so beside it.
 */
export function formData(fields: FormFieldDef[], values: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.key];
    switch (f.type) {
      case 'number': {
        const s = trimmed(v);
        if (s) data[f.key] = /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
        break;
      }
      case 'address': {
        const a = (v ?? {}) as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        const line = trimmed(a.line);
        if (line) out.line = line;
        if (a.outside) {
          if (trimmed(a.district)) out.district = trimmed(a.district);
          if (trimmed(a.state)) out.state = trimmed(a.state).toUpperCase();
        } else if (typeof a.areaId === 'string' && a.areaId) out.areaId = a.areaId;
        if (trimmed(a.pin)) out.pin = trimmed(a.pin);
        if (Object.keys(out).length) data[f.key] = out;
        break;
      }
      case 'idProof': {
        const p = (v ?? {}) as Record<string, unknown>;
        if (p.kind || trimmed(p.number)) data[f.key] = { kind: p.kind ?? '', number: trimmed(p.number) };
        break;
      }
      case 'select':
      case 'date':
      case 'upload':
        if (typeof v === 'string' && v) data[f.key] = v;
        break;
      default: {
        const s = trimmed(v);
        if (s) data[f.key] = s;
      }
    }
  }
  return data;
}

/** An Indian mobile number as typed ("98765 43210", "+91-9876543210") reduced to its ten digits when it is one. */
export function mobileDigits(typed: string): string {
  const digits = typed.replace(/[\s-]/g, '').replace(/^(\+91|91|0)(?=\d{10}$)/, '');
  return digits;
}
