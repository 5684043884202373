import { describe, expect, it } from 'vitest';
import { mobileDigits } from './filing';
import { addressAreaIds, formFields, reportView, valueText } from './format';

const label = { en: 'L', hi: 'ल' };
const fields = formFields([
  { key: 'name', type: 'text', label },
  { key: 'persons', type: 'number', label },
  { key: 'when', type: 'date', label },
  { key: 'section', type: 'select', label, options: [{ value: 'crime', label: { en: 'Crime Branch', hi: 'अपराध शाखा' } }] },
  { key: 'from', type: 'address', label },
  { key: 'to', type: 'address', label },
  { key: 'id', type: 'idProof', label, kinds: ['aadhaar'] },
  { key: 'photo', type: 'upload', label, required: false },
  { key: 'odd', type: 'signature', label },
]);
const ctx = {
  locale: 'en' as const,
  areaName: (id: string) => (id === 'a1' ? 'Khakra' : null),
  idKind: (k: string) => `kind:${k}`,
  uploadName: (id: string) => (id === 'u1' ? 'photo.png' : null),
};
const field = (key: string) => fields.find((f) => f.key === key)!;

describe('the filing form', () => {
  it('knows the typed fields only, required unless said otherwise', () => {
    expect(fields.map((f) => f.key)).toEqual(['name', 'persons', 'when', 'section', 'from', 'to', 'id', 'photo']);
    expect(field('name').required).toBe(true);
    expect(field('photo').required).toBe(false);
  });

  it('reads a mobile number as its ten digits', () => {
    expect(mobileDigits('98765 43210')).toBe('9876543210');
    expect(mobileDigits('+91-9876543210')).toBe('9876543210');
    expect(mobileDigits('09876543210')).toBe('9876543210');
    expect(mobileDigits('12345')).toBe('12345');
  });
});

describe('an application’s form as read', () => {
  it('shows dates DD.MM.YYYY, choices by label, addresses with their locality, ID proofs masked as stored, documents by name', () => {
    expect(valueText(field('when'), '2026-12-14', ctx)).toBe('14.12.2026');
    expect(valueText(field('section'), 'crime', ctx)).toBe('Crime Branch');
    expect(valueText(field('from'), { areaId: 'a1', line: 'House 12' }, ctx)).toBe('House 12, Khakra');
    expect(valueText(field('from'), { areaId: 'zz', line: 'House 12', pin: '262001' }, ctx)).toBe('House 12, 262001');
    expect(valueText(field('to'), { line: 'Karol Bagh', district: 'New Delhi', state: 'DL' }, ctx)).toBe('Karol Bagh, New Delhi, DL');
    expect(valueText(field('id'), { kind: 'aadhaar', number: 'XXXXXXXX0123' }, ctx)).toBe('kind:aadhaar: XXXXXXXX0123');
    expect(valueText(field('photo'), 'u1', ctx)).toBe('photo.png');
    expect(valueText(field('persons'), 3, ctx)).toBe('3');
    expect(valueText(field('name'), undefined, ctx)).toBe('');
    expect(addressAreaIds(fields, { from: { areaId: 'a1' }, to: { areaId: 'a1' } })).toEqual(['a1']);
  });

  it('reads a police station’s report', () => {
    expect(reportView(null)).toBeNull();
    expect(
      reportView({ antecedents: 'found', cases: [{ number: 'FIR 1/2020', policeStation: 'Sungarhi' }, 'junk'], remarks: 'x' }),
    ).toEqual({
      antecedents: 'found',
      cases: [{ number: 'FIR 1/2020', policeStation: 'Sungarhi', sections: '', status: '' }],
      remarks: 'x',
    });
  });
});
