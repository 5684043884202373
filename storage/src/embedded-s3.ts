import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import net, { type AddressInfo } from 'node:net';

const require = createRequire(import.meta.url);
// s3rver is CommonJS without types; we use its Koa app, its filesystem store and its account registry.
const S3rver = require('@20minutes/s3rver') as new (options: Record<string, unknown>) => S3rverApp;
const AWSAccount = require('@20minutes/s3rver/lib/models/account') as {
  DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void; revokeAccessKey(id: string): void };
};

interface S3rverApp {
  middleware: Array<(ctx: S3Ctx, next: () => Promise<unknown>) => unknown>;
  store: { existsObject(bucket: string, key: string): Promise<boolean> };
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
interface S3Ctx {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
  status: number;
  type: string;
  body: unknown;
}

export interface EmbeddedS3Options {
  /** Folder holding buckets and the generated credentials file. */
  directory: string;
  host?: string;
  port: number;
  buckets: string[];
}

export interface EmbeddedS3 {
  endpoint: string;
  host: string;
  port: number;
  accessKey: string;
  secretKey: string;
  /**
   * True when the port was already taken and this process uses the server found there with the
   * credentials kept beside the data (a command-line tool beside the running system). The caller
   * must check that it answers with those credentials; stop() leaves it running.
   */
  attached: boolean;
  stop(): Promise<void>;
}

/**
 * Credentials are generated on first start and kept beside the data, so nothing secret is in the
 * repository and a restart reuses the same keys.
 */
async function loadOrCreateCredentials(directory: string): Promise<{ accessKey: string; secretKey: string }> {
  const file = path.join(directory, 'credentials.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as { accessKey: string; secretKey: string };
  } catch {
    const creds = { accessKey: `PV${randomBytes(9).toString('hex').toUpperCase()}`, secretKey: randomBytes(24).toString('base64url') };
    await writeFile(file, JSON.stringify(creds), { mode: 0o600 });
    return creds;
  }
}

function portTaken(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Starts the embedded S3-protocol server (SigV4 verified, anonymous requests refused) on loopback. */
export async function startEmbeddedS3(options: EmbeddedS3Options): Promise<EmbeddedS3> {
  const host = options.host ?? '127.0.0.1';
  const objectsDir = path.join(options.directory, 'objects');
  await mkdir(objectsDir, { recursive: true });
  const { accessKey, secretKey } = await loadOrCreateCredentials(options.directory);
  if (options.port && (await portTaken(host, options.port))) {
    return {
      endpoint: `http://${host}:${options.port}`,
      host,
      port: options.port,
      accessKey,
      secretKey,
      attached: true,
      stop: async () => undefined,
    };
  }
  AWSAccount.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
  AWSAccount.DUMMY_ACCOUNT.createKeyPair(accessKey, secretKey);

  const server = new S3rver({
    address: host,
    port: options.port,
    silent: true,
    directory: objectsDir,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
  });
  // s3rver lets unsigned requests through (public-bucket semantics); ours must all be signed.
  server.middleware.unshift(async (ctx, next) => {
    const signed = 'authorization' in ctx.headers || 'X-Amz-Algorithm' in ctx.query || 'Signature' in ctx.query;
    if (!signed) {
      ctx.status = 403;
      ctx.type = 'application/xml';
      ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Signed requests only</Message></Error>';
      return;
    }
    await next();
  });
  // s3rver ignores If-None-Match; MinIO and S3 honour `If-None-Match: *` on PUT (write-once objects such
  // as audit checkpoints), so this server must too. PUTs of one key with that header take turns here.
  const writeOnce = new Map<string, Promise<unknown>>();
  server.middleware.splice(1, 0, async (ctx, next) => {
    if (ctx.method !== 'PUT' || ctx.headers['if-none-match'] !== '*' || 'uploadId' in ctx.query) return next();
    const [, bucket, ...rest] = ctx.path.split('/');
    const key = rest.map(decodeURIComponent).join('/');
    if (!bucket || !key) return next();
    const id = `${bucket}/${key}`;
    const before = writeOnce.get(id) ?? Promise.resolve();
    const turn = before.then(async () => {
      if (await server.store.existsObject(bucket, key)) {
        ctx.status = 412;
        ctx.type = 'application/xml';
        ctx.body =
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message><Condition>If-None-Match</Condition></Error>';
        return;
      }
      await next();
    });
    const settled = turn.catch(() => undefined);
    writeOnce.set(id, settled);
    try {
      await turn;
    } finally {
      if (writeOnce.get(id) === settled) writeOnce.delete(id);
    }
  });
  const address = await server.run();
  return {
    endpoint: `http://${host}:${address.port}`,
    host,
    port: address.port,
    accessKey,
    secretKey,
    attached: false,
    async stop() {
      await server.close();
    },
  };
}
