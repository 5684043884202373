import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';

const requireHere = createRequire(import.meta.url);
const FONT_DIR = path.dirname(requireHere.resolve('@expo-google-fonts/noto-sans-devanagari/package.json'));
/** Noto Sans Devanagari has Latin and Devanagari glyphs; pdfkit (fontkit) shapes the conjuncts and matras right. */
export const NOTO_DEVANAGARI_TTF = path.join(FONT_DIR, '400Regular', 'NotoSansDevanagari_400Regular.ttf');
export const NOTO_DEVANAGARI_BOLD_TTF = path.join(FONT_DIR, '700Bold', 'NotoSansDevanagari_700Bold.ttf');

export type FontName = 'regular' | 'bold';

/**
 * Fonts parsed once per process: pdfkit accepts a fontkit font, and parsing the TTF tables
 * (GSUB/GPOS for Devanagari) for every document would be most of the rendering time.
 */
let fonts: Record<FontName, fontkit.Font> | null = null;
export function pdfFonts(): Record<FontName, fontkit.Font> {
  if (fonts) return fonts;
  fonts = {
    regular: fontkit.openSync(NOTO_DEVANAGARI_TTF) as fontkit.Font,
    bold: fontkit.openSync(NOTO_DEVANAGARI_BOLD_TTF) as fontkit.Font,
  };
  decodeGlyphsOnce(fonts.regular);
  return fonts;
}

type GlyphInternals = { _decode(): unknown; _font: { _variationProcessor?: unknown }; __decoded?: { value: unknown } };
/**
 * Every document's font subset includes each glyph it uses, and fontkit (2.0.4, pinned) decodes the
 * glyph's whole outline for it again — only to see whether it is composite: a sixth of rendering a pass.
 * Our fonts are parsed once and never varied, so a glyph's decoded outline is kept with the glyph
 * (fontkit keeps the glyph objects per font). Variable fonts (whose outlines depend on the variation)
 * are left alone.
 */
function decodeGlyphsOnce(font: fontkit.Font): void {
  const proto = Object.getPrototypeOf(font.getGlyph(0)) as GlyphInternals;
  if (typeof proto._decode !== 'function' || Object.prototype.hasOwnProperty.call(proto, '__decodesOnce')) return;
  const decode = proto._decode;
  Object.defineProperty(proto, '__decodesOnce', { value: true });
  proto._decode = function (this: GlyphInternals) {
    if (this._font._variationProcessor) return decode.call(this);
    return (this.__decoded ??= { value: decode.call(this) }).value;
  };
}

const MAX_CACHED = 50_000;
const widths = new Map<string, number>();

/**
 * Width of `text` in points at `size`, shaped as pdfkit will draw it (the same fontkit layout, so a
 * measured line fits when drawn). Shaping is the costly part; results are cached per font and text
 * (callers measure words, which repeat).
 */
export function textWidth(text: string, font: FontName, size: number): number {
  if (!text) return 0;
  const key = `${font}\u0000${text}`;
  let em = widths.get(key);
  if (em === undefined) {
    const f = pdfFonts()[font];
    em = f.layout(text).advanceWidth / f.unitsPerEm;
    if (widths.size >= MAX_CACHED) widths.clear();
    widths.set(key, em);
  }
  return em * size;
}
