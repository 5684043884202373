import type Koa from 'koa';
import type { DownloadFile } from '../shared/download.js';

/**
 * Writes a file as the response: its type, a Content-Disposition naming it (ASCII, with the UTF-8
 * form too), and no caching — printed registers and graded documents must not linger in caches.
 */
export function sendDownload(koa: Koa.Context, file: DownloadFile): void {
  const disposition = file.disposition ?? (file.contentType.startsWith('application/pdf') ? 'inline' : 'attachment');
  koa.type = file.contentType;
  koa.set('Content-Disposition', `${disposition}; filename="${file.filename}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
  koa.set('Cache-Control', 'private, no-store');
  koa.set('X-Content-Type-Options', 'nosniff');
  koa.body = file.body;
}
