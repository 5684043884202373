import type { z } from 'zod';
import type { Deps } from '../shared/scope.js';

export interface JobOptions {
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
  /** Higher runs first (fresh work before a backlog). */
  priority?: number;
  /** Cron expression (UTC) when the job is scheduled. */
  cron?: string;
  /** Concurrent handlers per worker process. */
  concurrency?: number;
  /**
   * Jobs each handler takes at once (default 1): a busy queue of short jobs (signing passes) then spends one
   * round trip to fetch and one to complete a batch instead of each job. A batch's jobs run side by side; one
   * that fails is failed alone (and retried as usual), the others complete.
   */
  batchSize?: number;
  /** Needs the OCR engine: runs as many at once as the engine has workers, and not at all where OCR is off. */
  ocr?: boolean;
  /** How often an idle worker looks for a job (default 0.5 s, pg-boss's least); a busy one takes the next at once. */
  pollingIntervalSeconds?: number;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  payload: S;
  options: JobOptions;
  handle(deps: Deps, payload: z.infer<S>, meta: { id: string; retryCount: number }): Promise<void>;
}

/** A typed, idempotent, retried background job (pg-boss underneath). */
export function defineJob<S extends z.ZodType>(def: {
  name: string;
  payload: S;
  options?: JobOptions;
  handle: JobDefinition<S>['handle'];
}): JobDefinition<S> {
  return { options: {}, ...def };
}
