import { auditOf, type Listeners } from '../../shared/events.js';
import type { Register } from '../../shared/registers.js';
import { rooms } from '../../shared/hints.js';

/** What the dak use cases and jobs do to receipts. */
declare module '../../shared/events.js' {
  interface DomainEvents {
    /** A scanned file became a draft receipt (or pages of one): its holder's desk and inbox refetch. */
    'receipt.scanned': {
      receiptId: string;
      holderPostId: string;
      uploadId: string;
      file: string;
      sha256: string;
      pages: number;
      appended: boolean;
    };
    /** A physical receipt registered without a scan, diary number and all. */
    'receipt.registered': {
      receiptId: string;
      holderPostId: string;
      diaryNumber: string;
      register: Register | null;
      registerReference: string | null;
    };
    /** A draft receipt got its particulars and diary number. */
    'receipt.diarised': {
      receiptId: string;
      holderPostId: string;
      diaryNumber: string;
      acknowledge: boolean;
      register: Register | null;
      registerReference: string | null;
    };
    /** A register of an office was printed or exported with graded entries in full (an access worth recording). */
    'dak.register-printed': {
      register: 'diary' | 'sent';
      officeId: string;
      from: string;
      to: string;
      entries: number;
      graded: number;
      format: 'pdf' | 'csv';
    };
    /** A graded receipt's cover sheet or acknowledgement slip was printed. */
    'receipt.printed': { receiptId: string; document: 'cover-sheet' | 'acknowledgement'; grading: string };
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
    audit: (e) =>
      auditOf(e.appended ? 'receipt.add-pages' : 'receipt.scan', 'receipt', e.receiptId, {
        uploadId: e.uploadId,
        file: e.file,
        sha256: e.sha256,
        pages: e.pages,
      }),
    hints: (e) => receiptHints(e.holderPostId, e.receiptId),
  },
  'receipt.registered': {
    audit: (e) => auditOf('receipt.register', 'receipt', e.receiptId, { diaryNumber: e.diaryNumber }),
    hints: (e) => receiptHints(e.holderPostId, e.receiptId),
  },
  'receipt.diarised': {
    audit: (e) => auditOf('receipt.diarise', 'receipt', e.receiptId, { diaryNumber: e.diaryNumber, acknowledge: e.acknowledge }),
    hints: (e) => receiptHints(e.holderPostId, e.receiptId),
  },
  'dak.register-printed': {
    audit: (e) =>
      auditOf(`dak.${e.register}-register.print`, 'office', e.officeId, {
        from: e.from,
        to: e.to,
        entries: e.entries,
        graded: e.graded,
        format: e.format,
      }),
  },
  'receipt.printed': {
    audit: (e) => auditOf('receipt.print', 'receipt', e.receiptId, { document: e.document, grading: e.grading }),
  },
  'receipt.pages-progressed': {
    hints: (e) => [{ room: rooms.post(e.holderPostId), hint: { entity: 'receipt', ids: [e.receiptId] } }],
  },
};
