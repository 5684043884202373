import { AppError } from '../../shared/app-error.js';
import { transact, type Scope } from '../../shared/scope.js';
import { assertCheckpoint, checkPlace } from './checkpoints.policy.js';
import { documentByReference } from './checkpoints.queries.js';
import type { VerifyOut } from './checkpoints.schemas.js';
import { judgeToken, type Judgement } from './judge-token.js';

const photoUrl = (documentId: string) => `/api/check/documents/${documentId}/photo`;

async function answer(scope: Scope, token: string, via: 'token' | 'reference', reference: string | null): Promise<VerifyOut> {
  assertCheckpoint(scope.actor);
  const place = await checkPlace(scope.em, scope.actor);
  const now = new Date();
  const j: Judgement = await judgeToken(scope.em, token, place, now);
  const doc = j.claims ? j.document : null;
  // looking at a holder's details is recorded, as any access to personal data
  await transact(scope, async (tx) => tx.emit({ type: 'check.verified', documentId: doc?.id ?? null, verdict: j.verdict, via, reference }));
  return {
    verdict: j.verdict,
    checkedAt: now.toISOString(),
    claims: j.claims ? { ...j.claims } : null,
    token: via === 'reference' ? token : null,
    documentId: doc?.id ?? null,
    photoUrl: doc?.has_photo ? photoUrl(doc.id) : null,
    issuingOffice: doc ? { en: doc.office_en, hi: doc.office_hi } : null,
  };
}

/** Online verification of a scanned token: the verdict with the live revocation state, the holder's details and photo. */
export function verifyPass(scope: Scope, input: { token: string }): Promise<VerifyOut> {
  return answer(scope, input.token, 'token', null);
}

/** A manual lookup by reference number when a QR is damaged: the same answer, judged on the document's own token. */
export async function lookupPass(scope: Scope, reference: string): Promise<VerifyOut> {
  assertCheckpoint(scope.actor);
  const doc = await documentByReference(scope.em, reference);
  if (!doc) throw new AppError('NOT_FOUND');
  return answer(scope, doc.token, 'reference', reference);
}
