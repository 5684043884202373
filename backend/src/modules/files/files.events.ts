import { auditOf, type HintMessage, type Listeners } from '../../shared/events.js';
import { rooms } from '../../shared/hints.js';
import type { CorrespondenceFlag } from './files.entity.js';

/**
 * What the file use cases do. A file's notesheet, correspondence, drafts and links are shown to its
 * holder (yellow notes only to it): the holder's views refetch.
 */
declare module '../../shared/events.js' {
  interface DomainEvents {
    'file-head.created': { headId: string; officeId: string; code: string };
    'file-head.updated': { headId: string; officeId: string; name?: { en: string; hi: string } | undefined; active?: boolean | undefined };
    'file.opened': {
      fileId: string;
      holderPostId: string;
      fileNumber: string;
      subject: string;
      grading: string;
      fromReceipt: string | null;
    };
    'file.part-created': {
      fileId: string;
      holderPostId: string;
      kind: 'part' | 'volume';
      fileNumber: string;
      parentId: string;
      parentHolderPostId: string;
    };
    'file.note-added': { fileId: string; holderPostId: string; noteId: string; refPages: number[]; refFiles: string[] };
    'file.note-edited': { fileId: string; holderPostId: string; noteId: string; refPages: number[]; refFiles: string[] };
    'file.note-deleted': { fileId: string; holderPostId: string; noteId: string; text: string };
    /** A receipt put in a file as its next correspondence: from then on it moves with the file. */
    'receipt.filed': {
      receiptId: string;
      diaryNumber: string | null;
      fileId: string;
      fileNumber: string;
      pages: number;
      holderPostId: string;
    };
    'file.correspondence-flagged': {
      fileId: string;
      holderPostId: string;
      correspondenceId: string;
      seq: number;
      flag: CorrespondenceFlag | null;
    };
    /** A related-file link, stored once for both sides: both files' holders refetch. */
    'file.linked': { fileId: string; holderPostId: string; otherId: string; otherHolderPostId: string };
    'file.unlinked': { fileId: string; holderPostId: string; otherId: string; otherHolderPostId: string };
    'draft.created': { fileId: string; holderPostId: string; draftId: string; subject: string };
    'draft.revised': { fileId: string; holderPostId: string; draftId: string; versionNo: number; approvalWithdrawn: boolean };
    'draft.approved': { fileId: string; holderPostId: string; draftId: string; versionNo: number };
    'draft.commented': { fileId: string; holderPostId: string; draftId: string; commentId: string };
    /** A graded file's notesheet or cover was printed (an access worth recording). */
    'file.printed': { fileId: string; document: 'notesheet' | 'cover'; grading: string; notes?: number };
  }
}

const file = (post: string, ...ids: string[]): HintMessage => ({ room: rooms.post(post), hint: { entity: 'file', ids } });
const onFile = (fileId: string, action: string, details: Record<string, unknown>) => auditOf(action, 'file', fileId, details);
const toHolder = (e: { fileId: string; holderPostId: string }) => [file(e.holderPostId, e.fileId)];

export const filesListeners: Listeners = {
  'file-head.created': {
    audit: (e) => auditOf('file-head.create', 'file_head', e.headId, { officeId: e.officeId, code: e.code }),
    hints: (e) => [{ room: rooms.org, hint: { entity: 'office', ids: [e.officeId] } }],
  },
  'file-head.updated': {
    audit: (e) => auditOf('file-head.update', 'file_head', e.headId, { name: e.name, active: e.active }),
    hints: (e) => [{ room: rooms.org, hint: { entity: 'office', ids: [e.officeId] } }],
  },
  'file.opened': {
    audit: (e) =>
      onFile(e.fileId, 'file.open', { fileNumber: e.fileNumber, subject: e.subject, grading: e.grading, fromReceipt: e.fromReceipt }),
    hints: (e) => [{ room: rooms.post(e.holderPostId), hint: { entity: 'inbox', ids: [e.fileId] } }],
  },
  'file.part-created': {
    audit: (e) => [
      onFile(e.fileId, `file.${e.kind}.create`, { fileNumber: e.fileNumber, parentId: e.parentId }),
      onFile(e.parentId, `file.${e.kind}.add`, { childId: e.fileId, fileNumber: e.fileNumber }),
    ],
    hints: (e) => [
      { room: rooms.post(e.holderPostId), hint: { entity: 'inbox', ids: [e.fileId] } },
      file(e.parentHolderPostId, e.parentId),
    ],
  },
  'file.note-added': {
    audit: (e) => onFile(e.fileId, 'file.note.add', { noteId: e.noteId, refPages: e.refPages, refFiles: e.refFiles }),
    hints: toHolder,
  },
  'file.note-edited': {
    audit: (e) => onFile(e.fileId, 'file.note.edit', { noteId: e.noteId, refPages: e.refPages, refFiles: e.refFiles }),
    hints: toHolder,
  },
  'file.note-deleted': {
    audit: (e) => onFile(e.fileId, 'file.note.delete', { noteId: e.noteId, text: e.text }),
    hints: toHolder,
  },
  'receipt.filed': {
    audit: (e) => [
      onFile(e.fileId, 'file.correspondence.add', { receiptId: e.receiptId, diaryNumber: e.diaryNumber, pages: e.pages }),
      { action: 'receipt.file', objectType: 'receipt', objectId: e.receiptId, details: { fileId: e.fileId, fileNumber: e.fileNumber } },
    ],
    hints: (e) => [
      { room: rooms.post(e.holderPostId), hint: { entity: 'inbox', ids: [e.receiptId, e.fileId] } },
      file(e.holderPostId, e.fileId),
    ],
  },
  'file.correspondence-flagged': {
    audit: (e) => onFile(e.fileId, 'file.correspondence.flag', { correspondenceId: e.correspondenceId, seq: e.seq, flag: e.flag }),
    hints: toHolder,
  },
  'file.linked': {
    audit: (e) => onFile(e.fileId, 'file.link', { otherId: e.otherId }),
    hints: (e) => [file(e.holderPostId, e.fileId), file(e.otherHolderPostId, e.otherId)],
  },
  'file.unlinked': {
    audit: (e) => onFile(e.fileId, 'file.unlink', { otherId: e.otherId }),
    hints: (e) => [file(e.holderPostId, e.fileId), file(e.otherHolderPostId, e.otherId)],
  },
  'draft.created': {
    audit: (e) => onFile(e.fileId, 'file.draft.create', { draftId: e.draftId, subject: e.subject }),
    hints: toHolder,
  },
  'draft.revised': {
    audit: (e) =>
      onFile(e.fileId, 'file.draft.revise', { draftId: e.draftId, versionNo: e.versionNo, approvalWithdrawn: e.approvalWithdrawn }),
    hints: toHolder,
  },
  'draft.approved': {
    audit: (e) => onFile(e.fileId, 'file.draft.approve', { draftId: e.draftId, versionNo: e.versionNo }),
    hints: toHolder,
  },
  'file.printed': {
    audit: (e) =>
      onFile(e.fileId, 'file.print', { document: e.document, grading: e.grading, ...(e.notes !== undefined ? { notes: e.notes } : {}) }),
  },
  'draft.commented': {
    audit: (e) => onFile(e.fileId, 'file.draft.comment', { draftId: e.draftId, commentId: e.commentId }),
    hints: toHolder,
  },
};
