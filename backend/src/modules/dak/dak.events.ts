import type { Listeners } from '../../shared/events.js';
import type { Register } from '../../shared/registers.js';
import { rooms } from '../../realtime/hints.js';

/** What the dak use cases and jobs do to receipts. */
declare module '../../shared/events.js' {
  interface DomainEvents {
    /** A scanned file became a draft receipt (or pages of one): its holder's desk and inbox refetch. */
    'receipt.scanned': { receiptId: string; holderPostId: string; uploadId: string; file: string; sha256: string; pages: number; appended: boolean };
    /** A physical receipt registered without a scan, diary number and all. */
    'receipt.registered': { receiptId: string; holderPostId: string; diaryNumber: string; register: Register | null; registerReference: string | null };
    /** A draft receipt got its particulars and diary number. */
    'receipt.diarised': { receiptId: string; holderPostId: string; diaryNumber: string; acknowledge: boolean; register: Register | null; registerReference: string | null };
    /** Pages were prepared or read (jobs): the progress bar and OCR text refetch. */
    'receipt.pages-progressed': { receiptId: string; holderPostId: string };
  }
}

const receiptHints = (post: string, id: string) => [
  { room: rooms.post(post), hint: { entity: 'receipt' as const, ids: [id] } },
  { room: rooms.post(post), hint: { entity: 'inbox' as const, ids: [id] } },
];

export const dakListeners: Listeners = {
  'receipt.scanned': {
    audit: (e) => ({ action: e.appended ? 'receipt.add-pages' : 'receipt.scan', objectType: 'receipt', objectId: e.receiptId, details: { uploadId: e.uploadId, file: e.file, sha256: e.sha256, pages: e.pages } }),
    hints: (e) => receiptHints(e.holderPostId, e.receiptId),
  },
  'receipt.registered': {
    audit: (e) => ({ action: 'receipt.register', objectType: 'receipt', objectId: e.receiptId, details: { diaryNumber: e.diaryNumber } }),
    hints: (e) => receiptHints(e.holderPostId, e.receiptId),
  },
  'receipt.diarised': {
    audit: (e) => ({ action: 'receipt.diarise', objectType: 'receipt', objectId: e.receiptId, details: { diaryNumber: e.diaryNumber, acknowledge: e.acknowledge } }),
    hints: (e) => receiptHints(e.holderPostId, e.receiptId),
  },
  'receipt.pages-progressed': {
    hints: (e) => [{ room: rooms.post(e.holderPostId), hint: { entity: 'receipt', ids: [e.receiptId] } }],
  },
};
