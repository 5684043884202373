import type { EntityManager } from '@mikro-orm/postgresql';
import { transact, type Scope } from '../../shared/scope.js';
import { invalidState } from '../../shared/app-error.js';
import { istDate } from '../../shared/dates.js';
import { t } from '../../shared/i18n.js';
import { loadForUpdate } from '../../shared/persistence.js';
import { queueMessage } from '../../infra/notifier.js';
import { OfficeSchema } from '../org/org.entity.js';
import { ReceiptSchema, type Receipt } from './dak.entity.js';
import { assertCan, loadVisibleReceipt } from './dak.policy.js';
import { presentCommitted, presentReceipt } from './dak.presenter.js';
import type { DiariseInput } from './dak.schemas.js';

/**
 * Takes the next diary number of an office's year inside the caller's transaction. The counter row
 * stays locked until commit, so concurrent diarisations queue up and a rolled-back one gives its
 * number back: the series is unique and gap-free.
 */
export async function nextDiaryNumber(em: EntityManager, officeId: string, year: number): Promise<{ seq: number; number: string }> {
  const conn = em.getConnection();
  const [row] = await conn.execute<Array<{ last_seq: number }>>(
    `insert into diary_counter (office_id, year, last_seq) values (?, ?, 1)
     on conflict (office_id, year) do update set last_seq = diary_counter.last_seq + 1 returning last_seq`,
    [officeId, year], 'all', em.getTransactionContext(),
  );
  const office = await em.findOneOrFail(OfficeSchema, { id: officeId });
  const seq = Number(row!.last_seq);
  return { seq, number: `${office.numberPrefix}/${year}/${String(seq).padStart(6, '0')}` };
}

/** Registers a draft receipt with its particulars and gives it its diary number. */
export async function diariseReceipt(scope: Scope, id: string, input: DiariseInput) {
  const visible = await loadVisibleReceipt(scope.em, scope.actor, id);
  assertCan(scope.actor, 'receipt.act', visible);
  const result = await transact(scope, async (tx) => {
    const receipt = await loadForUpdate(tx.em, ReceiptSchema, id, input.version, (r) => presentReceipt(tx.em, scope.actor, r as Receipt));
    if (receipt.status !== 'draft') throw invalidState('alreadyDiarised');
    const year = Number(istDate().slice(0, 4));
    const { seq, number } = await nextDiaryNumber(tx.em, receipt.office.id, year);
    const { version: _v, acknowledge, register, registerReference, ...fields } = input;
    tx.em.assign(receipt, { ...fields, status: 'diarised', diaryNumber: number, diaryYear: year, diarySeq: seq, diarisedAt: new Date() } as never);
    await tx.em.flush();
    if (acknowledge) await acknowledgeSender(tx.em, scope.actor.locale, receipt, scope.deps.log);
    tx.emit({ type: 'receipt.diarised', receiptId: id, holderPostId: receipt.holderPost.id, diaryNumber: number, acknowledge, register: register ?? null, registerReference: registerReference ?? null });
    return number;
  });
  return { diaryNumber: result, receipt: await presentCommitted(scope, id) };
}

/** Queues an acknowledgement by SMS and/or e-mail to the sender, when contact details are known. */
export async function acknowledgeSender(em: EntityManager, locale: 'hi' | 'en', r: Receipt, log?: { info(o: object, m: string): void }): Promise<void> {
  const office = await em.findOneOrFail(OfficeSchema, { id: r.office.id });
  const params = { letter: r.letterNumber ?? '—', date: r.letterDate ?? '—', office: locale === 'hi' ? office.nameHi : office.nameEn, diary: r.diaryNumber };
  if (r.senderMobile) await queueMessage(em, { channel: 'sms', recipient: r.senderMobile, body: t(locale, 'ack.sms', params), relatedType: 'receipt', relatedId: r.id }, log);
  if (r.senderEmail) {
    await queueMessage(em, { channel: 'email', recipient: r.senderEmail, subject: t(locale, 'ack.emailSubject', params), body: t(locale, 'ack.sms', params), relatedType: 'receipt', relatedId: r.id }, log);
  }
}
