import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.js';
import type { Statement } from '../../shared/persistence.js';
import { extensionPoint } from '../../shared/extension-point.js';
import type { Deps } from '../../shared/scope.js';
import { signWithDocumentSigner } from './sign-document.js';
import { documentsSigned } from '../../infra/metrics.js';

/**
 * Renders an issued document's PDF and signs it with the office's document signer (HSM). Idempotent:
 * a document no longer pending (signed, cancelled) is left alone. Retried with back-off while the HSM
 * or the object store is away; the document stays pending meanwhile.
 */
export const signDocumentJob = defineJob({
  name: 'passes.sign',
  payload: z.object({ id: z.uuid() }),
  options: { retryLimit: 12, retryDelaySeconds: 10, retryBackoff: true, concurrency: 4, expireInSeconds: 300 },
  async handle(deps, { id }) {
    if ((await signWithDocumentSigner(deps, id)) === 'signed') documentsSigned.inc();
  },
});

/** Where an approval's transaction enqueues the signing of its document (provided by the composition root: the job queue). */
export const documentSigning = extensionPoint<{ queuedSql(documentId: string): Promise<Statement> }>('document signing (system.ts)');

export function provideDocumentSigning(deps: Pick<Deps, 'jobs'>): void {
  documentSigning.provide({ queuedSql: (documentId) => deps.jobs.enqueueSql(signDocumentJob, { id: documentId }) });
}
