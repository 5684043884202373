import type { EntityManager } from '@mikro-orm/postgresql';
import { transact, type Scope } from '../../shared/scope.js';
import { refuse } from '../../shared/app-error.js';
import { formatDmy, istDate } from '../../shared/dates.js';
import { t, type Locale } from '../../shared/i18n.js';
import { loadForUpdate } from '../../shared/persistence.js';
import { nextNumber } from '../../shared/counter.js';
import { queueMessage, queueSms } from '../../infra/notifier.js';
import { OfficeSchema } from '../org/index.js';
import { ReceiptSchema, type Receipt } from './dak.entity.js';
import { loadVisibleReceipt, receiptRefusal } from './dak.policy.js';
import { presentCommitted, presentReceipt } from './dak.presenter.js';
import type { DiariseInput } from './dak.schemas.js';

/** Takes the next diary number of an office's year inside the caller's transaction (the gap-free `diary` series). */
export async function nextDiaryNumber(em: EntityManager, officeId: string, year: number): Promise<{ seq: number; number: string }> {
  const seq = await nextNumber(em, 'diary', officeId, year);
  const office = await em.findOneOrFail(OfficeSchema, { id: officeId });
  return { seq, number: `${office.numberPrefix}/${year}/${String(seq).padStart(6, '0')}` };
}

/** Registers a draft receipt with its particulars and gives it its diary number. */
export async function diariseReceipt(scope: Scope, id: string, input: DiariseInput) {
  await loadVisibleReceipt(scope.em, scope.actor, id);
  const result = await transact(scope, async (tx) => {
    const receipt = await loadForUpdate(tx.em, ReceiptSchema, id, input.version, (r) => presentReceipt(tx.em, scope.actor, r));
    refuse(receiptRefusal(scope.actor, receipt, 'diarise'));
    const year = Number(istDate().slice(0, 4));
    const { seq, number } = await nextDiaryNumber(tx.em, receipt.office.id, year);
    const { version: _v, acknowledge, register, registerReference, ...fields } = input;
    tx.em.assign(receipt, { ...fields, status: 'diarised', diaryNumber: number, diaryYear: year, diarySeq: seq, diarisedAt: new Date() });
    await tx.em.flush();
    if (acknowledge) await acknowledgeSender(tx.em, scope.actor.locale, receipt, scope.deps.log);
    tx.emit({
      type: 'receipt.diarised',
      receiptId: id,
      holderPostId: receipt.holderPost.id,
      diaryNumber: number,
      acknowledge,
      register: register ?? null,
      registerReference: registerReference ?? null,
    });
    return number;
  });
  const receipt = await presentCommitted(scope, id);
  return { diaryNumber: result, receipt, acknowledgementSlip: acknowledgementSlipUrl(receipt) };
}

/** Where a hand-delivered letter's acknowledgement slip is printed from (the diarise answers offer it), or null. */
export const acknowledgementSlipUrl = (r: { id: string; mode: string | null }): string | null =>
  r.mode === 'by_hand' ? `/api/receipts/${r.id}/print/acknowledgement` : null;

/**
 * The language to write to a letter's sender in: the letter's own (a Hindi letter is acknowledged in
 * Hindi), else the script its subject and sender are written in, else `fallback` (the clerk's).
 */
export function senderLocale(r: Pick<Receipt, 'language' | 'subject' | 'sender'>, fallback: Locale): Locale {
  if (r.language === 'hi' || r.language === 'en') return r.language;
  const written = `${r.subject ?? ''} ${r.sender ?? ''}`;
  if (/[\u0900-\u097F]/.test(written)) return 'hi';
  if (r.language !== 'other' && /[A-Za-z]/.test(written)) return 'en';
  return fallback;
}

/**
 * Queues an acknowledgement by SMS and/or e-mail to the sender, when contact details are known, in
 * the sender's language (`senderLocale`), dates as DD.MM.YYYY.
 */
export async function acknowledgeSender(
  em: EntityManager,
  fallback: Locale,
  r: Receipt,
  log?: { info(o: object, m: string): void },
): Promise<void> {
  if (!r.senderMobile && !r.senderEmail) return;
  const locale = senderLocale(r, fallback);
  const office = await em.findOneOrFail(OfficeSchema, { id: r.office.id });
  const params = {
    letter: r.letterNumber,
    date: r.letterDate ? formatDmy(r.letterDate) : null,
    received: formatDmy(r.receivedDate ?? istDate()),
    office: locale === 'hi' ? office.nameHi : office.nameEn,
    diary: r.diaryNumber,
  };
  const key = !params.letter ? 'ack.smsNoLetter' : !params.date ? 'ack.smsNoDate' : 'ack.sms';
  const body = t(locale, key, params);
  if (r.senderMobile) await queueSms(em, { to: r.senderMobile, key, params, locale, related: { type: 'receipt', id: r.id } }, log);
  if (r.senderEmail) {
    const subject = t(locale, params.letter ? 'ack.emailSubject' : 'ack.emailSubjectNoLetter', params);
    await queueMessage(em, { channel: 'email', recipient: r.senderEmail, subject, body, relatedType: 'receipt', relatedId: r.id }, log);
  }
}
