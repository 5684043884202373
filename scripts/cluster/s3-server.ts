/**
 * The project's S3-protocol server (storage/src/embedded-s3.ts) as a process of its own, as the
 * cluster runs it: `S3_DIR=… S3_PORT=… S3_BUCKET=… node --import tsx scripts/cluster/s3-server.ts`.
 * Prints one JSON line `{"ready": true, endpoint, accessKey, secretKey}` once it listens; SIGTERM or
 * SIGINT stops it. Credentials are generated on first start and kept in S3_DIR (a restart reuses them).
 */
import { startEmbeddedS3 } from '@patravali/storage';

const directory = process.env.S3_DIR;
const port = Number(process.env.S3_PORT ?? '0');
if (!directory) {
  console.error('S3_DIR must name the folder that holds the objects');
  process.exit(2);
}
const server = await startEmbeddedS3({ directory, host: '127.0.0.1', port, buckets: [process.env.S3_BUCKET ?? 'patravali'] });
if (server.attached) {
  console.error(`port ${port} is taken by another program`);
  process.exit(1);
}
console.log(JSON.stringify({ ready: true, endpoint: server.endpoint, accessKey: server.accessKey, secretKey: server.secretKey }));
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void server.stop().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
