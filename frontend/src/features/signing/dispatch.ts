import type { EFile } from '../../api/types';
import type { DispatchMode, DispatchStatus, IssueRef, Recipient } from './types';

export interface RecipientRow {
  name: string;
  address: string;
  email: string;
}

export interface DispatchDetails {
  mode: DispatchMode;
  recipients: Recipient[];
}

/** A draft's addressee block as the first recipient: first line the name, the rest the address. */
export function recipientsFromAddressee(addressee: string | null | undefined): RecipientRow[] {
  const lines = (addressee ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (!lines.length) return [{ name: '', address: '', email: '' }];
  const email = lines.find((l) => EMAIL.test(l)) ?? '';
  const rest = lines.slice(1).filter((l) => l !== email);
  return [{ name: lines[0]!.replace(/,$/, ''), address: rest.join('\n'), email }];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type RecipientProblem = 'nameRequired' | 'emailInvalid' | 'emailRequired';

/** Problems per row (index → problem) and for the whole list; none when it can be sent. */
export function checkRecipients(
  mode: DispatchMode,
  rows: RecipientRow[],
): { rows: Map<number, RecipientProblem>; list: 'noRecipient' | null } {
  const problems = new Map<number, RecipientProblem>();
  rows.forEach((r, i) => {
    if (!r.name.trim()) problems.set(i, 'nameRequired');
    else if (r.email.trim() && !EMAIL.test(r.email.trim())) problems.set(i, 'emailInvalid');
    else if (mode === 'email' && !r.email.trim()) problems.set(i, 'emailRequired');
  });
  return { rows: problems, list: rows.length ? null : 'noRecipient' };
}

/** The recipients as the API takes them: trimmed, empty optional fields left out. */
export function toRecipients(rows: RecipientRow[]): Recipient[] {
  return rows.map((r) => ({
    name: r.name.trim(),
    ...(r.address.trim() ? { address: r.address.trim() } : {}),
    ...(r.email.trim() ? { email: r.email.trim() } : {}),
  }));
}

export function statusSeverity(s: DispatchStatus): 'success' | 'info' | 'warn' | 'secondary' | 'danger' {
  switch (s) {
    case 'issued_sent':
    case 'issued_dispatched':
      return 'success';
    case 'issued':
      return 'info';
    case 'awaiting_signature':
      return 'warn';
    default:
      return 'secondary';
  }
}

/** A draft's entry in the dispatch register (awaiting signature or issued), if it has one. */
export function issueOf(file: Pick<EFile, 'drafts'>, draftId: string): IssueRef | null {
  return file.drafts.find((d) => d.id === draftId)?.issue ?? null;
}

/** Whether an approved draft was already issued (or is being signed): it has a register entry, or its letter is in the correspondence. */
export function isIssued(file: Pick<EFile, 'drafts' | 'correspondence'>, draftId: string): boolean {
  return !!issueOf(file, draftId) || file.correspondence.some((c) => c.kind === 'issued' && c.draft?.id === draftId);
}
