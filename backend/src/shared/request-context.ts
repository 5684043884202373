import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line of a request, or of a job, says about where it comes from. */
export interface RequestContext {
  /** The id of the HTTP request that caused the work (a job carries the id of the request that enqueued it). */
  requestId?: string;
  /** The job being worked on, in a worker. */
  job?: string;
  jobId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * The one place the current request's id lives: the HTTP middleware and the job worker run their
 * work inside `withRequestContext`; the logger adds it to every line (shared/logger.ts) and the job
 * queue stores it with every job enqueued meanwhile (jobs/queue.ts).
 */
export function withRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function requestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** An incoming X-Request-Id (from the load balancer or a client) is kept when it is short and plain; else a new id is made. */
export function acceptRequestId(incoming: string | undefined): string {
  return incoming && /^[A-Za-z0-9._:-]{1,128}$/.test(incoming) ? incoming : randomUUID();
}
