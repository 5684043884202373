import type { EntityManager } from '@mikro-orm/postgresql';
import { transact, type Deps } from '../../shared/scope.js';
import { ApplicantSessionSchema } from './applicants.entity.js';
import { applicantActor, hashToken, resolveApplicant } from './applicant-sessions.js';
import type { PublicRequest } from './applicant-otp.js';

/** Ends the applicant's session of this cookie (nothing to do when there is none). */
export async function signOutApplicant(deps: Deps, em: EntityManager, token: string | undefined, req: PublicRequest): Promise<void> {
  const applicant = await resolveApplicant(em, token);
  if (!applicant || !token) return;
  await transact({ actor: applicantActor(applicant.id, applicant.mobile, req), em, deps }, async (tx) => {
    await tx.em.nativeDelete(ApplicantSessionSchema, { id: hashToken(token) });
    tx.emit({ type: 'applicant.signed-out', applicantId: applicant.id });
  });
}
