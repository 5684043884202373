/**
 * What waits for the user's signature: their own unsigned notes and the approved drafts in the files
 * their acting post holds. The API has no list for this yet (see the report: GET /api/signing/pending
 * would do it in one query), so it is put together from the desk list and each file's detail.
 *
 * A file not yet opened is left out on purpose: reading its detail would mark it opened, and the
 * sender could no longer pull it back. Those files are listed as "not checked" instead.
 */
import { api } from '../../api/client';
import type { DraftStatus, EFile, FileNote, InboxItem, InboxPage } from '../../api/types';
import type { IssueRef, NoteSignature } from './types';

export interface PendingNote {
  fileId: string;
  fileNumber: string;
  subject: string;
  note: FileNote;
}

export interface PendingLetter {
  fileId: string;
  fileNumber: string;
  draftId: string;
  subject: string;
  addressee: string | null;
}

export interface PendingWork {
  notes: PendingNote[];
  letters: PendingLetter[];
  /** Files with the post that have not been opened yet (not looked into). */
  unchecked: InboxItem[];
  /** Files whose detail could not be read. */
  failed: number;
}

/** `note.signature`: null when unsigned, undefined when the API does not say (then it cannot be signed from here). */
export function signatureOf(n: FileNote): NoteSignature | null | undefined {
  return (n as FileNote & { signature?: NoteSignature | null }).signature;
}

/** The author's own note that carries no signature yet (the API's `canSign` where it says so). */
export function canSignNote(n: FileNote, userId: string | null): boolean {
  const canSign = (n as FileNote & { canSign?: boolean }).canSign;
  if (typeof canSign === 'boolean') return canSign;
  return !!userId && n.authorUser.id === userId && signatureOf(n) === null;
}

/** A draft's entry in the dispatch register (awaiting signature or issued), if it has one. */
export function issueOf(file: Pick<EFile, 'drafts'>, draftId: string): IssueRef | null {
  const d = file.drafts.find((x) => x.id === draftId) as (EFile['drafts'][number] & { issue?: IssueRef | null }) | undefined;
  return d?.issue ?? null;
}

/** Whether an approved draft was already issued (or is being signed): it has a register entry, or its letter is in the correspondence. */
export function isIssued(file: Pick<EFile, 'drafts' | 'correspondence'>, draftId: string): boolean {
  return !!issueOf(file, draftId) || file.correspondence.some((c) => c.kind === 'issued' && c.draft?.id === draftId);
}

const approved: DraftStatus = 'approved';

async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  });
  await Promise.all(workers);
}

export async function loadPendingWork(userId: string, actingPostId: string | null, maxFiles = 100): Promise<PendingWork> {
  const desk = async (tab: 'inbox' | 'parked') =>
    (await api.get<InboxPage>('/inbox', { query: { tab, type: 'file', pageSize: maxFiles, page: 1 } })).items;
  const [inbox, parked] = await Promise.all([desk('inbox'), desk('parked')]);
  const seen = new Set<string>();
  const files = [...inbox, ...parked].filter((i) => i.type === 'file' && !seen.has(i.id) && seen.add(i.id));
  const unchecked = files.filter((i) => i.unread);
  const toRead = files.filter((i) => !i.unread);

  const out: PendingWork = { notes: [], letters: [], unchecked, failed: 0 };
  const letters: { file: EFile; draftId: string }[] = [];
  await eachLimited(toRead, 3, async (item) => {
    try {
      const f = await api.get<EFile>(`/files/${encodeURIComponent(item.id)}`);
      for (const n of f.notes) if (canSignNote(n, userId)) out.notes.push({ fileId: f.id, fileNumber: f.fileNumber, subject: f.subject, note: n });
      if (f.holder.id === actingPostId && f.status === 'open') {
        for (const d of f.drafts) if (d.status === approved && !isIssued(f, d.id)) letters.push({ file: f, draftId: d.id });
      }
    } catch {
      out.failed++;
    }
  });
  await eachLimited(letters, 3, async ({ file, draftId }) => {
    try {
      const d = await api.get<{ id: string; subject: string; addressee: string | null; readyForSigning: boolean }>(
        `/files/${encodeURIComponent(file.id)}/drafts/${encodeURIComponent(draftId)}`,
      );
      if (d.readyForSigning) out.letters.push({ fileId: file.id, fileNumber: file.fileNumber, draftId: d.id, subject: d.subject, addressee: d.addressee });
    } catch {
      out.failed++;
    }
  });
  const byFile = (a: { fileNumber: string }, b: { fileNumber: string }) => a.fileNumber.localeCompare(b.fileNumber);
  out.notes.sort((a, b) => byFile(a, b) || a.note.no - b.note.no);
  out.letters.sort(byFile);
  return out;
}
