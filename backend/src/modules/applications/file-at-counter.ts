import { AppError, fieldError } from '../../shared/app-error.js';
import type { Scope } from '../../shared/scope.js';
import { confirmWalkIn, mobileNumber } from '../applicants/index.js';
import { fileApplication } from './submit-application.js';

/**
 * Filing from a staff login. With the OTP the walk-in applicant read out, it is a counter/CSC filing for
 * them: their mobile confirmed (checked only once the form passed every check, so a typing mistake does
 * not burn the code), the application theirs. Without, staff apply for themselves or their office (G2G).
 */
export async function fileForWalkIn(
  scope: Scope,
  body: {
    service: string;
    data: Record<string, unknown>;
    confirmDuplicate: boolean;
    applicant: { name: string; mobile: string; otp?: string | undefined };
  },
) {
  if (!scope.actor.postId) throw new AppError('FORBIDDEN');
  const mobile = mobileNumber.safeParse(body.applicant.mobile);
  if (!mobile.success) throw fieldError(['applicant', 'mobile'], 'invalid', 'fields.mobile');
  const counter = body.applicant.otp !== undefined;
  return fileApplication(
    scope.deps,
    scope.em,
    {
      channel: counter ? 'counter' : 'office',
      actor: scope.actor,
      applicantId: null,
      mobile: mobile.data,
      name: body.applicant.name,
      locale: scope.actor.locale,
    },
    body,
    counter
      ? async () => ({
          applicantId: (
            await confirmWalkIn(scope.deps, scope.em, scope.actor, {
              mobile: mobile.data,
              code: body.applicant.otp!,
              name: body.applicant.name,
            })
          ).id,
        })
      : undefined,
  );
}
