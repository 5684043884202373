// The file scheme of an office (CSMOP para 45): a file number is `<office prefix>/<HEAD CODE>/<serial>/<year>`.
import type { FileHead } from '../../api/types';

/**
 * A head code as the server takes it: capitals, digits and "-". What was typed is trimmed and put in capitals,
 * and runs of spaces become one "-" ("crime branch" → "CRIME-BRANCH"); anything else is left for the server to refuse.
 */
export function normalizeHeadCode(typed: string): string {
  return typed.trim().toLocaleUpperCase('en-US').replace(/\s+/g, '-');
}

/** How the first file opened under this head in `year` is numbered; "…" stands in for a code not typed yet. */
export function sampleFileNumber(prefix: string, code: string, year: number): string {
  return `${prefix}/${normalizeHeadCode(code) || '…'}/1/${year}`;
}

/** Whether a head matches the search box: its code or its name in either language, ignoring case. */
export function headMatches(head: Pick<FileHead, 'code' | 'name'>, query: string): boolean {
  const q = query.trim().toLocaleLowerCase();
  return !q || `${head.code} ${head.name.en} ${head.name.hi}`.toLocaleLowerCase().includes(q);
}
