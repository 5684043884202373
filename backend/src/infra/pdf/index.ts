/**
 * The PDF adapter (pdfkit + Noto Sans Devanagari): every printed document — letters, registers,
 * slips, covers, notesheets, reports — is written with `PdfDocument`, so fonts are parsed once,
 * Hindi copies out as typed, and tables fit the page.
 */
export { PdfDocument, contentWidth, lineHeight, needsLandscape, type PageSize, type PdfOptions, type TextOptions } from './pdf-document.js';
export { planTable, comfortableWidth, type Cell, type TableColumn, type TableSpec, type TablePlan } from './table.js';
export { wrapText } from './wrap.js';
export { NOTO_DEVANAGARI_BOLD_TTF, NOTO_DEVANAGARI_TTF, pdfFonts, textWidth, type FontName } from './fonts.js';
