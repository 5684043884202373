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
    async put(key, body, size, contentType) {
      const info = await client.putObject(bucket, key, body, size, { 'Content-Type': contentType });
      return { key, size, etag: info.etag };
    },
    async putNew(key, body, contentType) {
      if (await this.stat(key)) throw new ObjectExistsError(key);
      try {
        const info = await client.putObject(bucket, key, body, body.length, { 'Content-Type': contentType, 'If-None-Match': '*' });
        return { key, size: body.length, etag: info.etag };
      } catch (err) {
        if ((err as { code?: string }).code === 'PreconditionFailed') throw new ObjectExistsError(key);
        throw err;
      }
    },
    async list(prefix) {
      const keys: string[] = [];
      for await (const item of client.listObjectsV2(bucket, prefix, true)) {
        if ((item as { name?: string }).name) keys.push((item as { name: string }).name);
      }
      return keys.sort();
    },
    async get(key) {
      return client.getObject(bucket, key);
    },
    async getBuffer(key) {
      const stream = await client.getObject(bucket, key);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    async stat(key) {
      try {
        const st = await client.statObject(bucket, key);
        return { size: st.size, contentType: String(st.metaData['content-type'] ?? 'application/octet-stream') };
      } catch (err) {
        if ((err as { code?: string }).code === 'NotFound' || (err as { code?: string }).code === 'NoSuchKey') return null;
        throw err;
      }
    },
    async remove(key) {
      await client.removeObject(bucket, key);
    },
    async ensureBucket() {
      if (!(await client.bucketExists(bucket))) await client.makeBucket(bucket, options.region);
    },
    async ping() {
      try {
        return await client.bucketExists(bucket);
      } catch {
        return false;
      }
    },
  };
}
