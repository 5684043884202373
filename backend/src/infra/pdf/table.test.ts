import { describe, expect, it } from 'vitest';
import { contentWidth, needsLandscape, planTable, textWidth, wrapText, type TableSpec } from './index.js';

describe('wrapping', () => {
  it('breaks at spaces by measured width, keeps Devanagari words whole', () => {
    const text = 'थाना कोतवाली क्षेत्र में भूमि विवाद के संबंध में शिकायती प्रार्थना पत्र';
    const lines = wrapText(text, 120, 'regular', 10);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe(text);
    for (const l of lines) expect(textWidth(l, 'regular', 10)).toBeLessThanOrEqual(120.01);
  });

  it('breaks a word too wide for its column after a separator, never inside a cluster', () => {
    expect(wrapText('PBT/SP/CRU-RECEIPT-SECTION/2026/000117', 90, 'regular', 8)).toEqual(['PBT/SP/CRU-RECEIPT-', 'SECTION/2026/000117']);
    for (const piece of wrapText('प्रतिहस्ताक्षरित', 12, 'regular', 10)) expect(piece).not.toMatch(/^[\u093E-\u094D]/); // no piece starts with a matra or virama
  });
});

describe('table layout', () => {
  const register = (rows: number): TableSpec => ({
    columns: [
      { label: 'Diary no.', kind: 'keep' },
      { label: 'Received on', kind: 'keep' },
      { label: 'Mode' },
      { label: 'Sender (correspondent)', weight: 2 },
      { label: 'Letter no. & date', weight: 1.4 },
      { label: 'Subject', weight: 3 },
      { label: 'Marked to', weight: 1.6 },
      { label: 'Remarks', weight: 1.2 },
    ],
    rows: Array.from({ length: rows }, (_, i) => [
      `PBT/SP/2026/${String(i + 1).padStart(6, '0')}`,
      '14.12.2026',
      'By hand',
      'Additional Superintendent of Police, Bareilly',
      'ASP/117/2026 dt. 14.11.2026',
      'Verification of tenants and domestic helpers in the civil lines area before the festival season',
      'Reader to SP',
      '',
    ]),
  });

  it('gives numbers and dates their whole width, shares the rest by weight, and fills the page', () => {
    const width = contentWidth('A4', true, 32);
    const plan = planTable(register(50), width);
    expect(plan.fits).toBe(true);
    expect(plan.size).toBe(8);
    expect(plan.widths.reduce((a, b) => a + b, 0)).toBeCloseTo(width, 3);
    expect(plan.widths[0]).toBeGreaterThanOrEqual(textWidth('PBT/SP/2026/000050', 'regular', 8));
    expect(plan.widths[1]).toBeGreaterThanOrEqual(textWidth('14.12.2026', 'regular', 8));
    expect(plan.widths[5]).toBeGreaterThan(plan.widths[2]!); // the subject gets more than the mode
  });

  it('turns a wide register across the page, a narrow table not', () => {
    expect(needsLandscape([register(5)])).toBe(true);
    expect(
      needsLandscape([
        {
          columns: [{ label: 'Date', kind: 'keep' }, { label: 'Action' }, { label: 'Remarks', weight: 2 }],
          rows: [['14.12.2026', 'Sent', 'Please put up']],
        },
      ]),
    ).toBe(false);
  });

  it('sets the type smaller before it cuts a number', () => {
    const wide: TableSpec = {
      columns: Array.from({ length: 12 }, (_, i) => ({ label: `Column ${i}`, kind: 'keep' as const })),
      rows: [Array.from({ length: 12 }, () => 'PBT/SP/2026/000117')],
    };
    const plan = planTable(wide, contentWidth('A4', true, 32));
    expect(plan.size).toBeLessThan(8);
  });
});
