// The registers an office keeps on paper — diary (inward), sent and dispatch — as the API serves them:
// JSON to show, PDF to print and CSV for a spreadsheet (backend: dak and signing modules).
import { api, ok } from '../../api/client';
import type { Item, Locale, Ok, Query } from '../../api/types';

export type DiaryRegisterQuery = Query<'/api/dak/diary-register', 'get'>;
export type DiaryRegister = Ok<'/api/dak/diary-register', 'get'>;
export type DiaryEntry = Item<DiaryRegister>;
export type SentRegisterQuery = Query<'/api/dak/sent-register', 'get'>;
export type SentRegister = Ok<'/api/dak/sent-register', 'get'>;
export type SentEntry = Item<SentRegister>;

export const REGISTERS = ['diary', 'sent', 'dispatch'] as const;
export type RegisterKind = (typeof REGISTERS)[number];
export type RegisterFormat = 'pdf' | 'csv';

export const registersApi = {
  diary: (query: DiaryRegisterQuery, signal?: AbortSignal) => ok(api.GET('/api/dak/diary-register', { params: { query }, signal })),
  sent: (query: SentRegisterQuery, signal?: AbortSignal) => ok(api.GET('/api/dak/sent-register', { params: { query }, signal })),
};

const EXPORT_PATH: Record<RegisterKind, string> = {
  diary: '/api/dak/diary-register/export',
  sent: '/api/dak/sent-register/export',
  dispatch: '/api/dispatch/export',
};

/** Where a register of a period is served as a PDF to print or a CSV (opened by the browser, which sends the session cookie). */
export function registerExportUrl(kind: RegisterKind, o: { from: string; to: string; format: RegisterFormat; lang: Locale }): string {
  const q = new URLSearchParams({ from: o.from, to: o.to, format: o.format, lang: o.lang });
  return `${EXPORT_PATH[kind]}?${q.toString()}`;
}
