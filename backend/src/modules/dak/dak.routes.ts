import { route } from '../../http/route.js';
import { discardSpooled, scanUploadParser, type SpooledFile } from '../../http/upload-storage.js';
import * as s from './dak.schemas.js';
import { uploadScans } from './upload-scans.js';
import { getReceipt } from './get-receipt.js';
import { diariseReceipt } from './diarise-receipt.js';
import { registerReceipt } from './register-receipt.js';
import { getPageImage } from './page-image.js';
import { queueStatus } from './queue-status.js';
import { suggestFields } from './suggest-fields.js';
import { loadVisibleReceipt } from './dak.policy.js';
import { ReceiptPageSchema } from './dak.entity.js';

const tags = ['dak'];
/** Receipts: scans, diarising, pages (their moves are the items core's: movement's moveRoutes). */
export const dakRoutes = [
  route({
    method: 'post', path: '/api/receipts/scans', summary: 'Upload scans (multipart field "files"): each file becomes a draft receipt, or pages of ?receiptId', tags, access: 'dak', status: 201,
    query: s.scanQuery, response: s.scanResultOut,
    before: (deps) => scanUploadParser({ maxBytes: deps.env.SCAN_MAX_BYTES, maxFiles: deps.env.SCAN_MAX_FILES }),
    handler: async (scope, { query, koa }) => {
      const files = ((koa.request as unknown as { files?: SpooledFile[] }).files ?? (koa as unknown as { files?: SpooledFile[] }).files ?? []);
      try {
        const result = await uploadScans(scope, { files, receiptId: query.receiptId });
        if (result.receipts.length === 0) koa.status = 200;
        return result;
      } finally {
        await discardSpooled(files);
      }
    },
  }),
  route({ method: 'post', path: '/api/receipts', summary: 'Diarise a physical receipt without a scan', tags, access: 'dak', status: 201, body: s.createPhysicalIn, response: s.diariseOut, handler: (scope, { body }) => registerReceipt(scope, body) }),
  route({ method: 'get', path: '/api/receipts/:id', summary: 'A receipt with pages, OCR text, uploads and history', tags, access: 'user', params: s.receiptParams, response: s.receiptOut, handler: (scope, { params }) => getReceipt(scope, params.id) }),
  route({
    method: 'get', path: '/api/receipts/:id/suggestions', summary: 'Diarisation fields suggested from the OCR text', tags, access: 'user', params: s.receiptParams, response: s.suggestionsOut,
    handler: async (scope, { params }) => {
      await loadVisibleReceipt(scope.em, scope.actor, params.id);
      const pages = await scope.em.find(ReceiptPageSchema, { receipt: params.id, status: 'done' }, { orderBy: { pageNo: 'asc' }, limit: 3 });
      return suggestFields(pages.map((p) => p.ocrText ?? '').join('\n'));
    },
  }),
  route({ method: 'post', path: '/api/receipts/:id/diarise', summary: 'Diarise a draft receipt: returns its diary number', tags, access: 'user', params: s.receiptParams, body: s.diariseIn, response: s.diariseOut, handler: (scope, { params, body }) => diariseReceipt(scope, params.id, body) }),
  route({
    method: 'get', path: '/api/receipts/:id/pages/:pageId/:variant', summary: 'A page image: page (PNG), preview or thumb (JPEG)', tags, access: 'user', params: s.pageImageParams, raw: { contentType: 'image/*' },
    handler: async (scope, { params, koa }) => {
      const img = await getPageImage(scope, params);
      koa.type = img.contentType;
      koa.length = img.size;
      koa.set('Cache-Control', 'private, max-age=3600');
      koa.body = img.stream;
    },
  }),
];

/** The scanning desk's work queue (after /api/search in the OpenAPI document: routes.ts). */
export const dakQueueRoutes = [
  route({ method: 'get', path: '/api/dak/queue', summary: 'Scanning work waiting (preprocessing and OCR)', tags, access: 'dak', response: s.queueOut, handler: (scope) => queueStatus(scope) }),
];
