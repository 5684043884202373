import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import multer from '@koa/multer';

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
    _handleFile(_req: unknown, file: { stream: Readable; originalname: string }, cb: (err: Error | null, info?: Partial<SpooledFile>) => void) {
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
      if (file.path) void unlink(file.path).then(() => cb(null), () => cb(null));
      else cb(null);
    },
  };
}

/** Multipart parser for scan uploads (field `files`); filenames decoded as UTF-8 (Hindi names). */
export function scanUploadParser(opts: { maxBytes: number; maxFiles: number }) {
  return multer({
    storage: spoolStorage(opts.maxBytes) as never,
    limits: { files: opts.maxFiles, fields: 20, fieldSize: 10_000 },
    defParamCharset: 'utf8',
  } as never).array('files', opts.maxFiles);
}

export async function discardSpooled(files: SpooledFile[]): Promise<void> {
  await Promise.all(files.map((f) => (f.path ? unlink(f.path).catch(() => undefined) : undefined)));
}
