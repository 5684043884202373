import { describe, expect, it } from 'vitest';
import { parseIndianDate, suggestFields } from './suggest-fields.js';

describe('suggestFields', () => {
  it('reads a Hindi letter head', () => {
    const text = [
      'कार्यालय पुलिस अधीक्षक, बरेली',
      'पत्रांक: एसपी/अपराध/117/2026',
      'दिनांक: 14.11.2026',
      'सेवा में,',
      'पुलिस अधीक्षक, पीलीभीत',
      'विषय: चोरी की घटना की जाँच के संबंध में।',
      'महोदय,',
      'उपर्युक्त विषयक ...',
      'प्रेषक: अपर पुलिस अधीक्षक, बरेली',
    ].join('\n');
    expect(suggestFields(text)).toEqual({
      letterNumber: 'एसपी/अपराध/117/2026',
      letterDate: '2026-11-14',
      subject: 'चोरी की घटना की जाँच के संबंध में',
      sender: 'अपर पुलिस अधीक्षक, बरेली',
      language: 'hi',
    });
  });

  it('reads an English letter head, with the date on the number line and a wrapped subject', () => {
    const text = [
      'OFFICE OF THE DISTRICT MAGISTRATE, BAREILLY',
      'No. DM/Elec/45/2026 Dated: 12 November 2026',
      'To',
      'The Superintendent of Police, Pilibhit',
      'Subject: Security arrangements for the',
      'panchayat by-election',
      'Sir,',
      'From: Additional District Magistrate, Bareilly',
    ].join('\n');
    const s = suggestFields(text);
    expect(s.letterNumber).toBe('DM/Elec/45/2026');
    expect(s.letterDate).toBe('2026-11-12');
    expect(s.subject).toBe('Security arrangements for the panchayat by-election');
    expect(s.sender).toBe('Additional District Magistrate, Bareilly');
    expect(s.language).toBe('en');
  });

  it('leaves fields empty rather than guessing', () => {
    expect(suggestFields('कुछ भी नहीं\nnothing here at all, just text')).toMatchObject({
      letterNumber: null,
      letterDate: null,
      subject: null,
      sender: null,
    });
  });

  it('parses Indian date forms and refuses impossible dates', () => {
    expect(parseIndianDate('०३/०१/२०२६')).toBe('2026-01-03');
    expect(parseIndianDate('3-1-26')).toBe('2026-01-03');
    expect(parseIndianDate('14 नवंबर 2026')).toBe('2026-11-14');
    expect(parseIndianDate('31.02.2026')).toBeNull();
  });
});
