/**
 * Pre-fills the diarisation form from a letter's OCR text: letter number, letter date, subject and
 * sender, from the lines officials write them on (पत्रांक / दिनांक / विषय / प्रेषक and Ref / No. /
 * Dated / Subject / From). Only suggestions: the clerk sees and edits every field.
 */
export interface FieldSuggestions {
  letterNumber: string | null;
  letterDate: string | null;
  subject: string | null;
  sender: string | null;
  language: 'hi' | 'en' | 'mixed' | null;
}

const DEVANAGARI_DIGITS = '०१२३४५६७८९';
const toAsciiDigits = (s: string) => s.replace(/[०-९]/g, (d) => String(DEVANAGARI_DIGITS.indexOf(d)));

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  जनवरी: 1,
  फरवरी: 2,
  फ़रवरी: 2,
  मार्च: 3,
  अप्रैल: 4,
  मई: 5,
  जून: 6,
  जुलाई: 7,
  अगस्त: 8,
  सितंबर: 9,
  सितम्बर: 9,
  अक्टूबर: 10,
  नवंबर: 11,
  नवम्बर: 11,
  दिसंबर: 12,
  दिसम्बर: 12,
};

const iso = (y: number, m: number, d: number) => {
  if (y < 100) y += 2000;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
};

/** dd.mm.yyyy, dd/mm/yy, dd-mm-yyyy, "12 November 2026", "14 नवंबर 2026". */
export function parseIndianDate(raw: string): string | null {
  const s = toAsciiDigits(raw);
  const numeric = s.match(/(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{2,4})/);
  if (numeric) return iso(Number(numeric[3]), Number(numeric[2]), Number(numeric[1]));
  const named = s.match(/(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+|[\u0900-\u097F]+)[,]?\s+(\d{4})/);
  if (named) {
    const month = MONTHS[named[2]!.toLowerCase().slice(0, 3)] ?? MONTHS[named[2]!];
    if (month) return iso(Number(named[3]), month, Number(named[1]));
  }
  return null;
}

const LABEL = {
  number: /^\s*(?:पत्रांक|पत्र\s*संख्या|पत्र\s*सं\.?|संख्या|Ref(?:erence)?\.?(?:\s*No\.?)?|Letter\s*No\.?|No\.)\s*[:：.\-–]?\s*(.+)$/i,
  date: /^\s*(?:दिनांक|दि\.|Dated|Date)\s*[:：.\-–]?\s*(.+)$/i,
  subject: /^\s*(?:विषय|Subject|Sub\.?)\s*[:：.\-–]\s*(.+)$/i,
  sender: /^\s*(?:प्रेषक|From)\s*[:：.\-–]?\s*(.*)$/i,
};

export function suggestFields(text: string): FieldSuggestions {
  const lines = text
    .normalize('NFC')
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const out: FieldSuggestions = { letterNumber: null, letterDate: null, subject: null, sender: null, language: null };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let m: RegExpMatchArray | null;
    if (!out.subject && (m = line.match(LABEL.subject))) {
      // a subject often runs onto the next line, until a salutation or blank
      let subject = m[1]!;
      const next = lines[i + 1];
      if (next && !/^(महोदय|महोदया|Sir|Madam|Dear|सेवा में|To)\b/i.test(next) && subject.length < 60 && !/[।.]$/.test(subject))
        subject += ` ${next}`;
      out.subject = subject.replace(/[।.]\s*$/, '').trim();
      continue;
    }
    if (!out.letterNumber && (m = line.match(LABEL.number))) {
      const value = m[1]!.split(/\s+(?:दिनांक|दि\.|Dated|Date)\b/i)[0]!.trim();
      if (/\d/.test(toAsciiDigits(value))) out.letterNumber = toAsciiDigits(value).replace(/[,;]$/, '');
      const inline = m[1]!.match(/(?:दिनांक|दि\.|Dated|Date)\s*[:：.\-–]?\s*(.+)$/i);
      if (inline && !out.letterDate) out.letterDate = parseIndianDate(inline[1]!);
      continue;
    }
    if (!out.letterDate && (m = line.match(LABEL.date))) {
      out.letterDate = parseIndianDate(m[1]!);
      continue;
    }
    if (!out.sender && (m = line.match(LABEL.sender))) {
      const value = m[1]!.trim() || lines[i + 1] || '';
      if (value) out.sender = value.replace(/[,।.]\s*$/, '');
    }
  }
  const hindi = (text.match(/[\u0900-\u097F]/g) ?? []).length;
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  if (hindi + latin > 20) out.language = hindi > latin * 4 ? 'hi' : latin > hindi * 4 ? 'en' : 'mixed';
  return out;
}
