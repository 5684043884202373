import { describe, expect, it } from 'vitest';
import { checkGazetteerRows, parseGazetteerCsv, type ExistingRefs } from './gazetteer-csv.js';

const HEADER = 'kind,code,name_en,name_hi,parent,state,police_area,pins,role,office,post';
const csv = (...lines: string[]) => [HEADER, ...lines].join('\n');
const none: ExistingRefs = { areas: new Map(), offices: new Set(['PBT-DM', 'PBT-PS-X']), posts: new Map([['PBT-DM-DM', 'PBT-DM']]) };

function problems(text: string, existing = none, locale: 'hi' | 'en' = 'en') {
  const parsed = parseGazetteerCsv(text, locale);
  return [...parsed.problems, ...checkGazetteerRows(parsed.areas, parsed.serving, existing, locale, parsed.invalid)]
    .sort((a, b) => a.line - b.line)
    .map((p) => p.message);
}

describe('gazetteer CSV', () => {
  it('accepts a district with a tehsil, a police area, a locality and serving offices', () => {
    const text = csv(
      'district,D,Dist,ज़िला,,UP,,,,,',
      'tehsil,T,Teh,तहसील,D,,,,,,',
      'police_area,P,PS,थाना,D,,,,,,',
      'locality,L,Village,गाँव,T,,P,262001;262002 262001,,,',
      'serving,D,,,,,,,dm,PBT-DM,PBT-DM-DM',
      'serving,P,,,,,,,police_station,PBT-PS-X,',
    );
    const parsed = parseGazetteerCsv(text, 'en');
    expect(parsed.problems).toEqual([]);
    expect(parsed.areas.find((a) => a.code === 'L')).toMatchObject({ parent: 'T', policeArea: 'P', pins: ['262001', '262002'] });
    expect(checkGazetteerRows(parsed.areas, parsed.serving, none, 'en')).toEqual([]);
  });

  it('reports every bad line with its line and column, in English and Hindi', () => {
    const text = csv(
      'district,D,Dist,ज़िला,,Uttar Pradesh,,,,,', // 2: state
      'tehsil,T,Teh,तहसील,D,,,,,,',
      'tehsil,T3,Teh,,D,,,,,,', // 4: name_hi missing
      'locality,L,Village,गाँव,T3,,P,26200,,,', // 5: pin
      'village,V,,,,,,,,,', // 6: kind
      'serving,T,,,,,,,dm,PBT-DM,PBT-DM-DM', // 7: dm does not serve a tehsil
      'serving,D,,,,,,,sp,PBT-SP,PBT-DM-DM', // 8: office unknown, post elsewhere (D is invalid: not "unknown")
      'tehsil,T8,Teh 8,तहसील 8,D,,,262001,,,', // 9: pins not for a tehsil
      'locality,L2,Village 2,गाँव 2,T3,,P,262001,,,', // 10: P unknown (T3 is invalid: not reported again)
    );
    expect(problems(text)).toEqual([
      'Line 2, column "state": Enter the state\'s code in capital letters, for example UP.',
      'Line 4, column "name_hi": This field is required.',
      'Line 5, column "pins": Enter a 6-digit PIN code not starting with 0, for example 262001.',
      'Line 6, column "kind": unknown record type "village" (expected district, tehsil, police_area, locality or serving)',
      'Line 7, column "role": the District Magistrate does not serve a tehsil',
      'Line 8, column "office": office "PBT-SP" is not known',
      'Line 8, column "post": post "PBT-DM-DM" is not in office "PBT-SP"',
      'Line 9, column "pins": leave this column empty for a tehsil',
      'Line 10, column "police_area": area "P" is not known',
    ]);
    expect(problems(csv('locality,L,Village,गाँव,T,,P,26200,,,'), none, 'hi')).toEqual([
      'पंक्ति 2, स्तंभ "pins": 6 अंकों का पिन कोड लिखें जो 0 से शुरू न हो, उदाहरण: 262001।',
    ]);
  });

  it('checks references against the file and the database: kinds, districts, duplicates', () => {
    const existing: ExistingRefs = {
      ...none,
      areas: new Map([
        ['D2', { kind: 'district', district: 'D2' }],
        ['P2', { kind: 'police_area', district: 'D2' }],
        ['T0', { kind: 'tehsil', district: 'D2' }],
      ]),
    };
    const text = csv(
      'district,D,Dist,ज़िला,,UP,,,,,',
      'tehsil,T,Teh,तहसील,D,,,,,,',
      'locality,L1,V1,गाँव1,T,,P2,262001,,,', // PS area of another district
      'locality,L2,V2,गाँव2,D,,T,262001,,,', // parent not a tehsil, police area not a police area
      'district,T0,Dist 0,ज़िला 0,,UP,,,,,', // T0 is a tehsil already
      'locality,L1,V1,गाँव1,T,,P2,262001,,,', // twice
    );
    expect(problems(text, existing)).toEqual([
      'Line 4, column "police_area": police-station area "P2" is in another district than tehsil "T"',
      'Line 5, column "parent": a locality lies in a tehsil, but "D" is a district',
      'Line 5, column "police_area": "T" is a tehsil, not a police-station area',
      'Line 6, column "kind": area "T0" is already a tehsil; its kind cannot change',
      'Line 7, column "code": Area code "L1" appears twice in the file (first on line 4)',
      'Line 7, column "police_area": police-station area "P2" is in another district than tehsil "T"',
    ]);
  });

  it('names missing columns and empty files', () => {
    expect(problems('kind,code\ndistrict,D')).toEqual([
      'Line 1: the first line must name the columns; missing: name_en, name_hi, parent, state, police_area, pins, role, office, post',
    ]);
    expect(problems(HEADER)).toEqual(['Line 1: the file has no rows']);
  });
});
