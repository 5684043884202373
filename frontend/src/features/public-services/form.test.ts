import { describe, expect, it } from 'vitest';
import { formData, formFields, formState, localProblems, messageAt, messagesUnder, placeIssues } from './form';
import type { PublicArea } from './types';

const bi = (en: string, hi = en) => ({ en, hi });
// the e-pass form as its definition has it (backend/src/modules/services/data/epass.json), less the long option list
const definition = [
  { key: 'name', label: bi('Full name'), type: 'text', maxLength: 200, required: true },
  { key: 'mobile', label: bi('Mobile'), type: 'mobile', required: true },
  {
    key: 'category',
    label: bi('Essential service'),
    type: 'select',
    options: [{ value: 'medical', label: bi('Medical') }],
    required: true,
  },
  { key: 'from', label: bi('From'), type: 'address', required: true },
  { key: 'to', label: bi('To'), type: 'address', required: true },
  { key: 'travelDate', label: bi('Date'), type: 'date', notBefore: 'today', required: true },
  { key: 'vehicle', label: bi('Vehicle'), type: 'vehicleNumber', required: false },
  { key: 'persons', label: bi('Persons'), type: 'number', min: 1, max: 10, integer: true, required: true },
  { key: 'idProof', label: bi('ID'), type: 'idProof', kinds: ['aadhaar', 'voterId'], required: true },
  { key: 'supportingDocument', label: bi('Document'), type: 'upload', accept: ['pdf', 'image'], maxSizeMb: 5, required: false },
  { key: 'mystery', label: bi('Unknown kind'), type: 'hologram' },
];
const fields = formFields(definition);
const khakra = {
  id: 'a1',
  code: 'PBT-L-KHAKRA',
  kind: 'locality',
  name: bi('Mohalla Khakra', 'मोहल्ला खकरा'),
  pins: ['262001'],
  tehsil: null,
  policeArea: null,
  district: null,
} as PublicArea;

describe('the applicant form', () => {
  it('takes the kinds of field it knows from the definition', () => {
    expect(fields.map((f) => f.key)).toEqual([
      'name',
      'mobile',
      'category',
      'from',
      'to',
      'travelDate',
      'vehicle',
      'persons',
      'idProof',
      'supportingDocument',
    ]);
  });

  it('a blank form lacks every required field, each at its own place (an address by its parts)', () => {
    const problems = localProblems(fields, formState(fields));
    expect(problems).toEqual({
      name: 'publicServices.form.required',
      mobile: 'publicServices.form.required',
      category: 'publicServices.form.required',
      'from.areaId': 'publicServices.address.chooseLocality',
      'from.line': 'publicServices.form.required',
      'to.areaId': 'publicServices.address.chooseLocality',
      'to.line': 'publicServices.form.required',
      travelDate: 'publicServices.form.required',
      persons: 'publicServices.form.required',
      'idProof.kind': 'publicServices.form.required',
      'idProof.number': 'publicServices.form.required',
    });
  });

  it('gives the API its data: ISO dates, numbers, the locality by id or the district and state outside it; nothing empty', () => {
    const state = formState(fields);
    state.text.name = ' Ramesh Kumar ';
    state.text.mobile = '98765 43210';
    state.text.category = 'medical';
    state.addresses.from = { ...state.addresses.from!, area: khakra, line: 'House 12', pin: '262001' };
    state.addresses.to = { ...state.addresses.to!, outside: true, district: 'Bareilly', state: 'UP', line: 'Civil Lines' };
    state.dates.travelDate = new Date(2026, 11, 14);
    state.text.persons = '2';
    state.ids.idProof = { kind: 'aadhaar', number: '2345 6789 0123', masked: '' };
    state.uploads.supportingDocument = { id: 'u1', name: 'letter.png', mime: 'image/png', size: 100, pages: 1 };
    expect(localProblems(fields, state)).toEqual({});
    expect(formData(fields, state)).toEqual({
      name: 'Ramesh Kumar',
      mobile: '98765 43210',
      category: 'medical',
      from: { areaId: 'a1', line: 'House 12', pin: '262001' },
      to: { line: 'Civil Lines', district: 'Bareilly', state: 'UP' },
      travelDate: '2026-12-14',
      persons: 2,
      idProof: { kind: 'aadhaar', number: '2345 6789 0123' },
      supportingDocument: 'u1',
    });
    state.text.persons = 'two';
    state.addresses.from!.pin = '12345';
    expect(localProblems(fields, state)).toEqual({
      persons: 'publicServices.form.notNumber',
      'from.pin': 'publicServices.address.pinFormat',
    });
  });

  it('starts a returned application from what was filed; the masked ID number is to be typed again', () => {
    const state = formState(
      fields,
      {
        name: 'Ramesh',
        category: 'medical',
        travelDate: '2026-12-14',
        persons: 2,
        from: { areaId: 'a1', line: 'House 12' },
        to: { line: 'x', district: 'Bareilly', state: 'UP' },
        idProof: { kind: 'aadhaar', number: 'XXXXXXXX0123' },
        supportingDocument: 'u1',
      },
      [{ id: 'u1', name: 'letter.png', mime: 'image/png', size: 100, pages: 1 }],
    );
    expect(state.addresses.from).toMatchObject({ areaId: 'a1', area: null, line: 'House 12', outside: false });
    expect(state.addresses.to).toMatchObject({ outside: true, district: 'Bareilly', state: 'UP' });
    expect(state.dates.travelDate).toEqual(new Date(2026, 11, 14));
    expect(state.text.persons).toBe('2');
    expect(state.ids.idProof).toEqual({ kind: 'aadhaar', number: '', masked: 'XXXXXXXX0123' });
    expect(state.uploads.supportingDocument?.name).toBe('letter.png');
    expect(formData(fields, state).from).toEqual({ areaId: 'a1', line: 'House 12' });
    expect(localProblems(fields, state)).toEqual({
      mobile: 'publicServices.form.required',
      'idProof.number': 'publicServices.form.required',
    });
  });

  it("places the server's issues at their field below data; others apart", () => {
    const placed = placeIssues([
      { path: ['data', 'persons'], message: 'too many' },
      { path: ['data', 'from', 'areaId'], message: 'choose' },
      { path: ['data', 'from', 'areaId'], message: 'second' },
      { path: ['data', 'idProof', 'number'], message: 'not an Aadhaar number' },
      { path: ['data'], message: 'unknown key' },
      { path: ['serviceCode'], message: 'no authority' },
    ]);
    expect(placed.fields).toEqual({ persons: 'too many', 'from.areaId': 'choose', 'idProof.number': 'not an Aadhaar number' });
    expect(placed.other).toEqual(['unknown key', 'no authority']);
    expect(messageAt(placed.fields, 'persons')).toBe('too many');
    expect(messageAt({ from: 'whole' }, 'from.line', true)).toBe('whole');
    expect(messageAt({ from: 'whole' }, 'from.line')).toBeUndefined();
    expect(messagesUnder({ 'from.line': 'a', 'from.extra': 'b', to: 'c' }, 'from', ['line'])).toEqual(['b']);
  });
});
