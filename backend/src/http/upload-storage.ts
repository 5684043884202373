import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type Koa from 'koa';
import multer from '@koa/multer';
import { AppError, fieldError } from '../shared/app-error.js';
import { dropUnsafe, stripInvisible } from '../shared/text.js';

export interface SpooledFile {
  fieldname: string;
  originalname: string;
  mimetype: string;
  /** Bytes received (counted even past the limit). */
  size: number;
  /** Temp file holding the bytes; absent when the file was over the limit. */
  path?: string;
  sha256?: string;
  tooLarge: boolean;
}

const SPOOL_DIR = path.join(os.tmpdir(), 'patravali-uploads');

/**
 * A multer storage engine that spools each file to a temp file while hashing it, and stops
 * writing (but keeps reading) past `maxBytes` — so one oversized file is reported by name and the
 * rest of the batch still goes on, and memory stays flat.
 */
export function spoolStorage(maxBytes: number) {
  return {
    _handleFile(
      _req: unknown,
      file: { stream: Readable; originalname: string },
      cb: (err: Error | null, info?: Partial<SpooledFile>) => void,
    ) {
      void mkdir(SPOOL_DIR, { recursive: true }).then(() => {
        const target = path.join(SPOOL_DIR, randomUUID());
        const out = createWriteStream(target, { mode: 0o600 });
        const hash = createHash('sha256');
        let size = 0;
        let tooLarge = false;
        file.stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (tooLarge) return;
          if (size > maxBytes) {
            tooLarge = true;
            out.destroy();
            void unlink(target).catch(() => undefined);
            return;
          }
          hash.update(chunk);
          if (!out.write(chunk)) {
            file.stream.pause();
            out.once('drain', () => file.stream.resume());
          }
        });
        file.stream.on('error', (err) => cb(err));
        file.stream.on('end', () => {
          if (tooLarge) return cb(null, { size, tooLarge: true });
          out.end(() => cb(null, { size, path: target, sha256: hash.digest('hex'), tooLarge: false }));
        });
      }, cb);
    },
    _removeFile(_req: unknown, file: Partial<SpooledFile>, cb: (err: Error | null) => void) {
      if (file.path)
        void unlink(file.path).then(
          () => cb(null),
          () => cb(null),
        );
      else cb(null);
    },
  };
}

/** Multipart parser for scan uploads (field `files`, or another name); filenames decoded as UTF-8 (Hindi names). */
export function scanUploadParser(opts: { maxBytes: number; maxFiles: number; field?: string }): Koa.Middleware {
  const field = opts.field ?? 'files';
  const parser = multer({
    storage: spoolStorage(opts.maxBytes) as never,
    limits: { files: opts.maxFiles, fields: 20, fieldSize: 10_000 },
    defParamCharset: 'utf8',
  } as never).array(field, opts.maxFiles);
  return guardMultipart(parser, field);
}

export async function discardSpooled(files: SpooledFile[]): Promise<void> {
  await Promise.all(files.flatMap((f) => (f.path ? [unlink(f.path).catch(() => undefined)] : [])));
}

/** A client's file name made safe to store and show: no control, bidi or zero-width characters, no path, at most 255 characters. */
export function cleanFilename(name: string): string {
  const cleaned = Array.from(stripInvisible(dropUnsafe(name)).replace(/[\\/]/g, '_').trim())
    .slice(0, 255)
    .join('');
  return cleaned || 'upload';
}

/** Multer's and busboy's complaints about a form → the client's mistake, at the upload field; storage and system errors stay what they are. */
export function multipartError(err: unknown, field: string): unknown {
  const e = err as { name?: string; code?: string; syscall?: string };
  if (e.name === 'MulterError') {
    if (e.code === 'LIMIT_FILE_SIZE') return new AppError('PAYLOAD_TOO_LARGE');
    if (e.code === 'LIMIT_UNEXPECTED_FILE' || e.code === 'MISSING_FIELD_NAME' || e.code === 'INVALID_FIELD_NAME')
      return fieldError([field], 'invalid_field', 'fields.multipartField', { field });
    if (e.code?.startsWith('LIMIT_')) return fieldError([field], 'too_many', 'fields.multipartLimit');
    return fieldError([field], 'invalid_body', 'fields.multipartMalformed');
  }
  if (err instanceof AppError || e.syscall || e.code) return err;
  // busboy: "Multipart: Boundary not found", "Unexpected end of form", "Malformed part header", …
  return fieldError([field], 'invalid_body', 'fields.multipartMalformed');
}

/**
 * Runs a multer parser for the form field `field`: a malformed or over-limit form is answered 400
 * (413 when a file is too large) naming the field, never 500; file names are cleaned.
 */
export function guardMultipart(parser: Koa.Middleware, field: string): Koa.Middleware {
  return async (ctx, next) => {
    let parsed = false;
    try {
      await parser(ctx, async () => {
        parsed = true;
        const req = ctx.request as unknown as {
          file?: { originalname: string };
          files?: Array<{ originalname: string }> | Record<string, Array<{ originalname: string }>>;
        };
        const files = [...(req.file ? [req.file] : []), ...(Array.isArray(req.files) ? req.files : Object.values(req.files ?? {}).flat())];
        for (const f of files) f.originalname = cleanFilename(f.originalname);
        await next();
      });
    } catch (e) {
      if (parsed) throw e;
      throw multipartError(e, field);
    }
  };
}
