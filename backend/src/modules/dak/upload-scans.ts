import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { objectKeys, StorageUnavailableError } from '@patravali/storage';
import { transact, type Scope } from '../../shared/scope.js';
import { lockRowOrFail } from '../../shared/persistence.js';
import { AppError, refuse } from '../../shared/app-error.js';
import { t } from '../../shared/i18n.js';
import { inspectScan, refusalParams, scanLimits, ScanRejected } from '../../infra/images/scan-file.js';
import type { SpooledFile } from '../../http/upload-storage.js';
import { canSee, grant, heldByCreator } from '../movement/index.js';
import { ReceiptPageSchema, ReceiptSchema, ReceiptUploadSchema, type Receipt } from './dak.entity.js';
import { assertCan, receiptRefusal } from './dak.policy.js';
import { presentCommitted } from './dak.presenter.js';
import { processUploadJob } from './process-upload.job.js';
import type { ReceiptOut } from './dak.schemas.js';

/**
 * Takes a batch of scanned files: each becomes a draft receipt (or pages appended to one). Every
 * file is checked by its bytes before anything is stored; a bad file is reported by name and the
 * rest of the batch goes on. The original goes to object storage, pages are queued for
 * preprocessing and OCR in the same transaction as the receipt.
 */
export async function uploadScans(scope: Scope, input: { files: SpooledFile[]; receiptId?: string }) {
  const { actor, deps } = scope;
  assertCan(actor, 'receipt.scan');
  if (!actor.postId || !actor.officeId) throw new AppError('FORBIDDEN');
  if (input.files.length === 0)
    throw new AppError(
      'VALIDATION_FAILED',
      {},
      { issues: [{ path: ['files'], code: 'required', message: t(actor.locale, 'fields.required') }] },
    );
  let appendTo: Receipt | null = null;
  if (input.receiptId) {
    appendTo = await scope.em.findOne(ReceiptSchema, { id: input.receiptId }, { populate: ['holderPost'] });
    if (!appendTo || !(await canSee(scope.em, actor, 'receipt', appendTo))) throw new AppError('NOT_FOUND');
    refuse(receiptRefusal(actor, appendTo, 'addPages'));
  }
  const limits = scanLimits(deps.env);
  const created: ReceiptOut[] = [];
  const rejected: Array<{ file: string; reason: string; message: string }> = [];
  const duplicates: Array<{ file: string; receiptId: string; diaryNumber: string | null; message: string }> = [];
  const reject = (file: string, reason: string, detail: Record<string, unknown> = {}) =>
    rejected.push({ file, reason, message: t(actor.locale, `scan.${reason}`, { file, ...detail }) });

  let storageDown = false;
  for (const file of input.files) {
    const name = file.originalname.normalize('NFC').slice(0, 300);
    if (storageDown) {
      reject(name, 'storage_unavailable');
      continue;
    }
    if (file.tooLarge || !file.path) {
      reject(name, 'too_large', refusalParams(file.size, limits));
      continue;
    }
    const bytes = await readFile(file.path);
    let inspected;
    try {
      inspected = await inspectScan(bytes, limits);
    } catch (err) {
      if (!(err instanceof ScanRejected)) throw err;
      reject(name, err.reason, refusalParams(bytes.length, limits, err));
      continue;
    }
    const sha256 = file.sha256!;
    const earlier = await scope.em.findOne(ReceiptUploadSchema, { sha256 }, { populate: ['receipt'] });
    if (earlier && (await canSee(scope.em, actor, 'receipt', earlier.receipt.getEntity()))) {
      const r = earlier.receipt.getEntity();
      duplicates.push({
        file: name,
        receiptId: r.id,
        diaryNumber: r.diaryNumber ?? null,
        message: t(actor.locale, 'scan.duplicate', { file: name, receipt: r.diaryNumber ?? r.id.slice(0, 8) }),
      });
      continue;
    }

    const receiptId = appendTo?.id ?? randomUUID();
    const objectKey = objectKeys.scanOriginal(receiptId, sha256);
    try {
      await deps.store.put(objectKey, bytes, bytes.length, inspected.mime); // already in memory for inspection
    } catch (err) {
      // Storage went away: with nothing taken yet the whole request is a 503; part-way through a
      // batch, the files already taken stay (each is whole) and this one and the rest are reported.
      if (!(err instanceof StorageUnavailableError) || (created.length === 0 && duplicates.length === 0)) throw err;
      storageDown = true;
      reject(name, 'storage_unavailable');
      continue;
    }
    const receipt = await transact(scope, async (tx) => {
      const now = new Date();
      let r: Receipt;
      if (appendTo) {
        r = await lockRowOrFail(tx.em, ReceiptSchema, { id: appendTo.id });
        refuse(receiptRefusal(actor, r, 'addPages'));
      } else {
        r = tx.em.create(ReceiptSchema, {
          id: receiptId,
          office: actor.officeId!,
          status: 'draft',
          grading: 'normal',
          priority: 'normal',
          pageCount: 0,
          ...heldByCreator(actor, now),
        });
        await grant(tx.em, 'receipt', receiptId, [{ post: actor.postId!, readOnly: false }], now);
      }
      const uploadId = randomUUID();
      const firstPageNo = r.pageCount + 1;
      tx.em.create(ReceiptUploadSchema, {
        id: uploadId,
        receipt: r.id,
        filename: name,
        kind: inspected.kind,
        mime: inspected.mime,
        size: bytes.length,
        sha256,
        objectKey,
        pageCount: inspected.pageCount,
        firstPageNo,
        status: 'processing',
      });
      for (let i = 0; i < inspected.pageCount; i++) {
        tx.em.create(ReceiptPageSchema, {
          id: randomUUID(),
          receipt: r.id,
          upload: uploadId,
          pageNo: firstPageNo + i,
          sourceIndex: i,
          status: 'queued',
          ocrAttempts: 0,
        });
      }
      r.pageCount += inspected.pageCount;
      await tx.em.flush();
      await deps.jobs.enqueue(
        processUploadJob,
        { uploadId },
        {
          em: tx.em,
          priority: inspected.pageCount <= 10 ? 10 : 0,
          // a dead worker's job is retried once this runs out; pages already prepared are skipped then
          expireInSeconds: Math.max(10, deps.env.SCAN_JOB_SECONDS_PER_PAGE * inspected.pageCount),
        },
      );
      tx.emit({
        type: 'receipt.scanned',
        receiptId: r.id,
        holderPostId: actor.postId!,
        uploadId,
        file: name,
        sha256,
        pages: inspected.pageCount,
        appended: !!appendTo,
      });
      return r;
    });
    created.push(await presentCommitted(scope, receipt.id));
  }
  return { receipts: created, rejected, duplicates };
}
