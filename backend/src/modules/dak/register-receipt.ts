import { randomUUID } from 'node:crypto';
import { transact, type Scope } from '../../shared/scope.js';
import { AppError } from '../../shared/app-error.js';
import { istDate } from '../../shared/dates.js';
import { grant, heldByCreator } from '../movement/index.js';
import { ReceiptSchema } from './dak.entity.js';
import { assertCan } from './dak.policy.js';
import { presentCommitted } from './dak.presenter.js';
import { acknowledgeSender, acknowledgementSlipUrl, nextDiaryNumber } from './diarise-receipt.js';
import type { DiariseInput } from './dak.schemas.js';

/** Diarises a physical receipt without a scan (pages can be added later). */
export async function registerReceipt(scope: Scope, input: Omit<DiariseInput, 'version'>) {
  const { actor } = scope;
  assertCan(actor, 'receipt.scan');
  if (!actor.postId || !actor.officeId) throw new AppError('FORBIDDEN');
  const id = randomUUID();
  const number = await transact(scope, async (tx) => {
    const year = Number(istDate().slice(0, 4));
    const { seq, number } = await nextDiaryNumber(tx.em, actor.officeId!, year);
    const { acknowledge, register, registerReference, ...fields } = input;
    const now = new Date();
    tx.em.create(ReceiptSchema, {
      grading: 'normal',
      priority: 'normal',
      ...fields,
      id,
      office: actor.officeId!,
      status: 'diarised',
      diaryNumber: number,
      diaryYear: year,
      diarySeq: seq,
      diarisedAt: now,
      pageCount: 0,
      ...heldByCreator(actor, now),
    });
    await grant(tx.em, 'receipt', id, [{ post: actor.postId!, readOnly: false }], now);
    await tx.em.flush();
    if (acknowledge) await acknowledgeSender(tx.em, actor.locale, await tx.em.findOneOrFail(ReceiptSchema, { id }), scope.deps.log);
    tx.emit({
      type: 'receipt.registered',
      receiptId: id,
      holderPostId: actor.postId!,
      diaryNumber: number,
      register: register ?? null,
      registerReference: registerReference ?? null,
    });
    return number;
  });
  const receipt = await presentCommitted(scope, id);
  return { diaryNumber: number, receipt, acknowledgementSlip: acknowledgementSlipUrl(receipt) };
}
