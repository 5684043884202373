import { pino, type DestinationStream, type Logger } from 'pino';
import { requestContext } from './request-context.js';

/** The process's logger; every line made inside a request or a job carries its requestId (and job, jobId). */
export function createLogger(level: string, name = 'patravali', destination?: DestinationStream): Logger {
  const options = { name, level, base: { pid: process.pid }, mixin: () => ({ ...requestContext() }) };
  return destination ? pino(options, destination) : pino(options);
}
export type { Logger };
