/**
 * The pure parts of the OCR engine's second look at doubtful words (choice of words, crop box, text
 * splicing). The OCR itself is covered by ocr-engine.test.ts and measured by `npm run bench:ocr`.
 */
import { describe, expect, it } from 'vitest';
import { doubtfulWords, replaceWords, wordCropBox, type OcrLine, type OcrWord } from './ocr-engine.js';

const word = (text: string, confidence: number, x0: number, x1: number, y0 = 100, y1 = 160): OcrWord => ({
  text,
  confidence,
  bbox: { x0, y0, x1, y1 },
});
const line = (words: OcrWord[], trailer = '\n'): OcrLine => ({
  text: words.map((w) => w.text).join(' ') + trailer,
  bbox: {
    x0: Math.min(...words.map((w) => w.bbox.x0)),
    y0: Math.min(...words.map((w) => w.bbox.y0)),
    x1: Math.max(...words.map((w) => w.bbox.x1)),
    y1: Math.max(...words.map((w) => w.bbox.y1)),
  },
  words,
});

describe('doubtfulWords', () => {
  const a = line([word('कृपया', 92, 100, 260), word('HAT', 65, 300, 420), word('शीघ्र', 30, 460, 600)]);
  const b = line([word('Nawabgan;', 55, 100, 400)], '\n\n');

  it('takes words below the threshold, lowest confidence first, at most maxWords', () => {
    const found = doubtfulWords([a, b], { belowConfidence: 70, maxWords: 10 });
    expect(found.map(({ line: l, index }) => l.words[index]!.text)).toEqual(['शीघ्र', 'Nawabgan;', 'HAT']);
    expect(doubtfulWords([a, b], { belowConfidence: 70, maxWords: 2 }).map((f) => f.line.words[f.index]!.text)).toEqual([
      'शीघ्र',
      'Nawabgan;',
    ]);
    expect(doubtfulWords([a, b], { belowConfidence: 50, maxWords: 10 })).toHaveLength(1);
    expect(doubtfulWords([a, b], { belowConfidence: 70, maxWords: 0 })).toEqual([]);
  });

  it('skips lines whose text is not their words joined by spaces (cannot be spliced safely)', () => {
    const odd: OcrLine = { ...a, text: 'कृपया  HAT शीघ्र\n' };
    expect(doubtfulWords([odd], { belowConfidence: 70, maxWords: 10 })).toEqual([]);
  });
});

describe('wordCropBox', () => {
  const l = line([word('कराकर', 90, 800, 960), word('HAT', 65, 1000, 1150, 95, 160), word('शीघ्र', 92, 1190, 1340)]);
  const page = { width: 2480, height: 3508 };

  it('cuts at the middle of the gaps to the neighbours, over the whole line height', () => {
    expect(wordCropBox(l, 1, page)).toEqual({ left: 980, top: 95, width: 190, height: 65 });
  });

  it('reaches half a line height past the ends of the line, clipped to the page', () => {
    expect(wordCropBox(l, 0, page)).toEqual({ left: 767, top: 95, width: 213, height: 65 });
    expect(wordCropBox(l, 2, page)).toEqual({ left: 1170, top: 95, width: 203, height: 65 });
    const edge = line([word('To', 90, 10, 60, 0, 40)]);
    expect(wordCropBox(edge, 0, { width: 70, height: 30 })).toEqual({ left: 0, top: 0, width: 70, height: 30 });
  });

  it('gives nothing for a missing word or an empty region', () => {
    expect(wordCropBox(l, 3, page)).toBeUndefined();
    expect(wordCropBox(l, 1, { width: 900, height: 3508 })).toBeUndefined();
  });
});

describe('replaceWords', () => {
  const l1 = line([word('की', 95, 0, 50), word('सूचना', 95, 60, 200)]);
  const l2 = line([word('कराकर', 90, 0, 100), word('HAT', 65, 120, 200), word('शीघ्र', 92, 220, 300)], '\n\n');
  const l3 = line([word('HAT', 96, 0, 100)]);
  const text = 'की सूचना\nकराकर HAT शीघ्र\n\nHAT\n';

  it('replaces the words of the right line, keeps the layout', () => {
    const subs = new Map([[l2, new Map([[1, 'आख्या']])]]);
    expect(replaceWords(text, [l1, l2, l3], subs)).toBe('की सूचना\nकराकर आख्या शीघ्र\n\nHAT\n');
  });

  it('leaves the text alone without replacements, and skips a line it cannot find', () => {
    expect(replaceWords(text, [l1, l2, l3], new Map())).toBe(text);
    const ghost = line([word('nowhere', 10, 0, 10)]);
    const subs = new Map([
      [ghost, new Map([[0, 'x']])],
      [l3, new Map([[0, 'ठीक']])],
    ]);
    expect(replaceWords(text, [l1, ghost, l2, l3], subs)).toBe('की सूचना\nकराकर HAT शीघ्र\n\nठीक\n');
  });
});
