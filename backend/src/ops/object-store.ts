import net from 'node:net';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { createObjectStore, startEmbeddedS3, type EmbeddedS3, type ObjectStore } from '@patravali/storage';
import type { Env } from '../config/env.js';

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

/**
 * The object store of an installation, for a maintenance tool: the configured one (S3_ENDPOINT), or
 * the embedded server — the running system's when it is up (with the credentials kept beside its data),
 * else started here on DATA_DIR/s3 and stopped by stop().
 */
export async function openObjectStore(env: Env): Promise<{ store: ObjectStore; stop: () => Promise<void> }> {
  if (env.S3_ENDPOINT) {
    const u = new URL(env.S3_ENDPOINT);
    const store = createObjectStore({
      endPoint: u.hostname,
      port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)),
      useSSL: u.protocol === 'https:',
      accessKey: env.S3_ACCESS_KEY!,
      secretKey: env.S3_SECRET_KEY!,
      region: env.S3_REGION,
      bucket: env.S3_BUCKET,
      embedded: false,
    });
    return { store, stop: async () => undefined };
  }
  const directory = path.join(env.DATA_DIR, 's3');
  let server: EmbeddedS3 | null = null;
  let creds: { accessKey: string; secretKey: string };
  if (await portOpen(env.EMBEDDED_S3_PORT))
    creds = JSON.parse(await readFile(path.join(directory, 'credentials.json'), 'utf8')) as typeof creds;
  else {
    server = await startEmbeddedS3({ directory, port: env.EMBEDDED_S3_PORT, buckets: [env.S3_BUCKET] });
    creds = { accessKey: server.accessKey, secretKey: server.secretKey };
  }
  const store = createObjectStore({
    endPoint: '127.0.0.1',
    port: env.EMBEDDED_S3_PORT,
    useSSL: false,
    accessKey: creds.accessKey,
    secretKey: creds.secretKey,
    region: env.S3_REGION,
    bucket: env.S3_BUCKET,
    embedded: true,
  });
  return { store, stop: async () => void (await server?.stop()) };
}
