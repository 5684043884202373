import type { EntityManager } from '@mikro-orm/postgresql';
import { invalidState, notFound, refuse } from '../../shared/app-error.js';
import { transact, type Scope } from '../../shared/scope.js';
import { loadForUpdate } from '../../shared/persistence.js';
import type { Actor } from '../../shared/actor.js';
import { OfficeSchema } from '../org/index.js';
import { queueMessage } from '../../infra/notifier.js';
import { EFileSchema } from '../files/index.js';
import { canSee, refKey, visibleRefs, visibleSql } from '../movement/index.js';
import { countersignRefusal, dispatchRefusal } from './signing.policy.js';
import { DispatchEntrySchema, type DispatchEntry, type DispatchMode } from './signing.entity.js';
import { passSigning } from './pass-signing.js';

/** Register entries as the API shows them; offices and files are loaded once for the whole page. */
async function presentDispatches(em: EntityManager, entries: DispatchEntry[], actor?: Actor) {
  if (!entries.length) return [];
  const fileIds = [...new Set(entries.map((e) => e.file.id))];
  const [offices, files, visibleFiles] = await Promise.all([
    em.find(OfficeSchema, { id: { $in: [...new Set(entries.map((e) => e.office.id))] } }),
    em.find(EFileSchema, { id: { $in: fileIds } }),
    actor
      ? visibleRefs(
          em,
          actor.heldPostIds,
          fileIds.map((id) => ({ type: 'file', id })),
        )
      : new Set<string>(),
  ]);
  const officeById = new Map(offices.map((o) => [o.id, o]));
  const fileById = new Map(files.map((f) => [f.id, f]));
  return entries.map((e) => {
    const office = officeById.get(e.office.id)!;
    const file = fileById.get(e.file.id)!;
    return {
      id: e.id,
      issueNumber: e.issueNumber,
      serial: e.serial,
      year: e.year,
      office: { id: office.id, name: office.nameEn, nameHi: office.nameHi },
      file: { id: file.id, number: file.fileNumber },
      draftId: e.draft.id,
      subject: e.subject,
      addressee: e.addressee,
      mode: e.mode,
      recipients: e.recipients,
      status: e.status,
      letterDate: e.letterDate,
      issuedAt: e.issuedAt?.toISOString() ?? null,
      dispatchedAt: e.dispatchedAt?.toISOString() ?? null,
      dispatchReference: e.dispatchReference ?? null,
      remarks: e.remarks ?? null,
      signers: e.signers.map((s) => ({ name: s.name, signedAt: s.signedAt })),
      sha256: e.documentHashes.at(-1) ?? null,
      documentUrl: e.objectKey ? `/api/dispatch/${e.id}/document` : null,
      verifyPath: `/verify/${e.qrToken}`,
      version: e.version,
      abilities: {
        countersign: !!actor && !countersignRefusal(actor, e, visibleFiles.has(refKey({ type: 'file', id: file.id }))),
        dispatch: !!actor && !dispatchRefusal(e),
      },
    };
  });
}

export async function presentDispatch(em: EntityManager, e: DispatchEntry, actor?: Actor) {
  return (await presentDispatches(em, [e], actor))[0]!;
}
export type DispatchOut = Awaited<ReturnType<typeof presentDispatch>>;

/**
 * An entry is visible to users of its office when its file is not graded, and otherwise only to
 * those who can see the file (graded letters are dispatched by whoever handles the file).
 */
async function loadVisibleEntry(em: EntityManager, scope: Scope, id: string): Promise<DispatchEntry> {
  const e = await em.findOne(DispatchEntrySchema, { id });
  if (!e) throw notFound();
  const file = await em.findOneOrFail(EFileSchema, { id: e.file.id });
  const ownOffice = e.office.id === scope.actor.officeId && file.grading === 'normal';
  if (!ownOffice && !(await canSee(em, scope.actor, 'file', file))) throw notFound();
  return e;
}

export async function listDispatch(
  scope: Scope,
  q: {
    status?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    q?: string | undefined;
    page: number;
    pageSize: number;
  },
) {
  if (!scope.actor.officeId) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const fileVisible = visibleSql('f', 'file', scope.actor.heldPostIds);
  const where: string[] = ['d.office_id = ?', `(f.grading = 'normal' or ${fileVisible.sql})`];
  const params: unknown[] = [scope.actor.officeId, ...fileVisible.params];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (q.status) add('d.status = ?', q.status);
  else add(`d.status <> 'cancelled'`);
  if (q.from) add('d.letter_date >= ?', q.from);
  if (q.to) add('d.letter_date <= ?', q.to);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    add('(d.issue_number ilike ? or d.subject ilike ? or d.addressee ilike ? or f.file_number ilike ?)', like, like, like, like);
  }
  const rows = await scope.em.getConnection().execute<{ id: string; total: string }[]>(
    `select d.id, count(*) over () as total from dispatch_entry d join efile f on f.id = d.file_id
     where ${where.join(' and ')} order by d.year desc, d.serial desc limit ? offset ?`,
    [...params, q.pageSize, (q.page - 1) * q.pageSize],
  );
  const entries = rows.length ? await scope.em.find(DispatchEntrySchema, { id: { $in: rows.map((r) => r.id) } }) : [];
  const byId = new Map(entries.map((e) => [e.id, e]));
  return {
    items: await presentDispatches(
      scope.em,
      rows.map((r) => byId.get(r.id)!),
      scope.actor,
    ),
    total: Number(rows[0]?.total ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * Records the letter's dispatch: by e-mail it goes to the outbox for every recipient with an
 * address ("Issued & Sent"); by post, hand or fax it is "Issued & Dispatched" with a reference.
 */
export async function markDispatched(
  scope: Scope,
  id: string,
  input: { version: number; mode?: DispatchMode | undefined; reference?: string | undefined; remarks?: string | undefined },
) {
  await loadVisibleEntry(scope.em, scope, id);
  return transact(scope, async (tx) => {
    const e = await loadForUpdate(tx.em, DispatchEntrySchema, id, input.version, (entry) => presentDispatch(tx.em, entry, scope.actor));
    refuse(dispatchRefusal(e));
    const mode = input.mode ?? e.mode;
    if (mode === 'email') {
      const emails = e.recipients.filter((r) => r.email);
      if (!emails.length) throw invalidState('noRecipientEmail');
      for (const r of emails) {
        await queueMessage(tx.em, {
          channel: 'email',
          recipient: r.email!,
          subject: `${e.issueNumber}: ${e.subject}`,
          body: `${e.issueNumber} (${e.letterDate})\n${e.subject}\n\nThe signed letter is attached: ${e.objectKey}`,
          relatedType: 'dispatch',
          relatedId: e.id,
        });
      }
    }
    Object.assign(e, {
      mode,
      status: mode === 'email' ? 'issued_sent' : 'issued_dispatched',
      dispatchedAt: new Date(),
      dispatchedBy: scope.actor.userId,
      dispatchReference: input.reference ?? null,
      remarks: input.remarks ?? null,
    });
    await tx.em.flush();
    tx.emit({
      type: 'letter.dispatched',
      fileId: e.file.id,
      dispatchId: e.id,
      officeId: e.office.id,
      issueNumber: e.issueNumber,
      mode,
      reference: input.reference ?? null,
    });
    return { entry: await presentDispatch(tx.em, e, scope.actor) };
  });
}

export async function dispatchDocument(scope: Scope, id: string): Promise<{ pdf: Buffer; name: string }> {
  const e = await loadVisibleEntry(scope.em, scope, id);
  if (!e.objectKey) throw notFound();
  return { pdf: await scope.deps.store.getBuffer(e.objectKey), name: `${e.issueNumber.replace(/[^A-Za-z0-9-]+/g, '_')}.pdf` };
}

/** The letters issued from a file's drafts (for the file view: the draft's issue, the correspondence entry's document). */
export async function issuedLetters(em: EntityManager, fileId: string) {
  const rows = await em.find(DispatchEntrySchema, { file: fileId, status: { $ne: 'cancelled' } });
  const byDraft = new Map(
    rows.map((e) => [
      e.draft.id,
      {
        dispatchId: e.id,
        issueNumber: e.issueNumber,
        status: e.status,
        documentUrl: e.objectKey ? `/api/dispatch/${e.id}/document` : null,
      },
    ]),
  );
  return { byDraft };
}

/** What the acting post's user may sign now: own unsigned notes and approved, unissued drafts in files the post holds. */
export async function pendingSignatures(scope: Scope) {
  if (!scope.actor.postId) return { notes: [], letters: [], passes: [] };
  const conn = scope.em.getConnection();
  const notes = await conn.execute<Array<Record<string, any>>>(
    `select n.id, n.seq, n.state, left(n.body_text, 300) as excerpt, n.created_at, f.id as file_id, f.file_number, f.subject
     from note n join efile f on f.id = n.file_id
     where f.holder_post_id = ? and f.status = 'open' and n.author_user_id = ?
       and not exists (select 1 from note_signature s where s.note_id = n.id)
     order by n.created_at desc limit 200`,
    [scope.actor.postId, scope.actor.userId],
  );
  const letters = await conn.execute<Array<Record<string, any>>>(
    `select d.id, d.subject, d.addressee, d.approved_at, f.id as file_id, f.file_number
     from draft d join efile f on f.id = d.file_id
     where f.holder_post_id = ? and f.status = 'open' and d.status = 'approved'
       and not exists (select 1 from dispatch_entry e where e.draft_id = d.id and e.status <> 'cancelled')
     order by d.approved_at desc nulls last limit 200`,
    [scope.actor.postId],
  );
  return {
    notes: notes.map((n) => ({
      noteId: n.id,
      seq: n.seq ?? null,
      state: n.state,
      excerpt: n.excerpt,
      createdAt: new Date(n.created_at).toISOString(),
      file: { id: n.file_id, number: n.file_number, subject: n.subject },
    })),
    letters: letters.map((d) => ({
      draftId: d.id,
      subject: d.subject,
      addressee: d.addressee ?? null,
      approvedAt: d.approved_at ? new Date(d.approved_at).toISOString() : null,
      file: { id: d.file_id, number: d.file_number },
    })),
    passes: await passSigning.use.pending(scope.em, scope.actor),
  };
}
