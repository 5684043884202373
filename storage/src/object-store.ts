import { Client } from 'minio';
import type { Readable } from 'node:stream';

export interface ObjectStoreOptions {
  endPoint: string;
  port: number;
  useSSL: boolean;
  accessKey: string;
  secretKey: string;
  region: string;
  bucket: string;
  /** The embedded server lacks ListMultipartUploads; minio-js must not ask for it. */
  embedded: boolean;
}

export interface StoredObject {
  key: string;
  size: number;
  etag: string;
}

/** putNew found the key taken: write-once objects are never replaced. */
export class ObjectExistsError extends Error {
  constructor(readonly key: string) {
    super(`object ${key} exists already; it is never overwritten`);
  }
}

/** The object-storage port of Patravali: everything that touches MinIO/S3 goes through it. */
export interface ObjectStore {
  readonly bucket: string;
  put(key: string, body: Buffer | Readable, size: number, contentType: string): Promise<StoredObject>;
  /**
   * Write-once: stores a small object only if nothing is stored under its key yet, else throws
   * ObjectExistsError. The request carries `If-None-Match: *`, so MinIO/S3 (and the embedded server)
   * refuse an overwrite themselves even when two writers race.
   */
  putNew(key: string, body: Buffer, contentType: string): Promise<StoredObject>;
  /** Keys under a prefix, in key order. */
  list(prefix: string): Promise<string[]>;
  get(key: string): Promise<Readable>;
  getBuffer(key: string): Promise<Buffer>;
  stat(key: string): Promise<{ size: number; contentType: string } | null>;
  remove(key: string): Promise<void>;
  ensureBucket(): Promise<void>;
  ping(): Promise<boolean>;
}

const PART_SIZE = 16 * 1024 * 1024;

/**
 * The object store did not answer (refused, reset, timed out, or a 5xx from the server): the caller
 * answers 503 and retries later; it is never a fault of the request.
 */
export class StorageUnavailableError extends Error {
  constructor(
    readonly operation: string,
    cause: unknown,
  ) {
    super(`object storage unavailable during ${operation}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'StorageUnavailableError';
  }
}

const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ECONNABORTED',
]);
const UNAVAILABLE_S3_CODES = new Set(['ServiceUnavailable', 'SlowDown', 'InternalError', 'RequestTimeout']);

/** Whether an error from the storage client means the object store is unreachable or failing, rather than a bad request. */
function looksUnavailable(err: unknown): boolean {
  for (let e = err as Record<string, unknown> | undefined, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (UNAVAILABLE_ERRNO.has(code) || UNAVAILABLE_S3_CODES.has(code)) return true;
    const message = typeof e.message === 'string' ? e.message : '';
    if (/socket hang up|Retryable HTTP status: 5\d\d|Request failed after \d+ retries/.test(message)) return true;
    e = e.cause as Record<string, unknown> | undefined;
  }
  return false;
}

/** Whether an error is (or wraps) an outage of the object store, as raised by this module. */
export function isStorageUnavailable(err: unknown): boolean {
  for (let e = err as { name?: unknown; cause?: unknown } | undefined, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if (e instanceof StorageUnavailableError || e.name === 'StorageUnavailableError') return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** Runs one storage call; an outage becomes a StorageUnavailableError, anything else passes as it is. */
async function guarded<T>(operation: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof StorageUnavailableError) && looksUnavailable(err)) throw new StorageUnavailableError(operation, err);
    throw err;
  }
}

export function createObjectStore(options: ObjectStoreOptions): ObjectStore {
  const client = new Client({
    endPoint: options.endPoint,
    port: options.port,
    useSSL: options.useSSL,
    accessKey: options.accessKey,
    secretKey: options.secretKey,
    region: options.region,
    partSize: PART_SIZE,
  });
  if (options.embedded) {
    // See STACK-NOTES: without this, multipart uploads ask the server for a listing it cannot give.
    (client as unknown as { findUploadId: () => Promise<undefined> }).findUploadId = async () => undefined;
  }
  const bucket = options.bucket;

  return {
    bucket,
    put: (key, body, size, contentType) =>
      guarded('put', async () => {
        const info = await client.putObject(bucket, key, body, size, { 'Content-Type': contentType });
        return { key, size, etag: info.etag };
      }),
    putNew: (key, body, contentType) =>
      guarded('put', async () => {
        const existing = await client.statObject(bucket, key).catch((err: { code?: string }) => {
          if (err.code === 'NotFound' || err.code === 'NoSuchKey') return null;
          throw err;
        });
        if (existing) throw new ObjectExistsError(key);
        try {
          const info = await client.putObject(bucket, key, body, body.length, { 'Content-Type': contentType, 'If-None-Match': '*' });
          return { key, size: body.length, etag: info.etag };
        } catch (err) {
          if ((err as { code?: string }).code === 'PreconditionFailed') throw new ObjectExistsError(key);
          throw err;
        }
      }),
    list: (prefix) =>
      guarded('list', async () => {
        const keys: string[] = [];
        for await (const item of client.listObjectsV2(bucket, prefix, true)) {
          if ((item as { name?: string }).name) keys.push((item as { name: string }).name);
        }
        return keys.sort();
      }),
    get: (key) => guarded('get', () => client.getObject(bucket, key)),
    getBuffer: (key) =>
      guarded('get', async () => {
        const stream = await client.getObject(bucket, key);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks);
      }),
    stat: (key) =>
      guarded('stat', async () => {
        try {
          const st = await client.statObject(bucket, key);
          return { size: st.size, contentType: String(st.metaData['content-type'] ?? 'application/octet-stream') };
        } catch (err) {
          if ((err as { code?: string }).code === 'NotFound' || (err as { code?: string }).code === 'NoSuchKey') return null;
          throw err;
        }
      }),
    remove: (key) => guarded('remove', () => client.removeObject(bucket, key)),
    ensureBucket: () =>
      guarded('ensureBucket', async () => {
        if (!(await client.bucketExists(bucket))) await client.makeBucket(bucket, options.region);
      }),
    async ping() {
      try {
        return await client.bucketExists(bucket);
      } catch {
        return false;
      }
    },
  };
}
