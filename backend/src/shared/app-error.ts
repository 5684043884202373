/** Every error code the API answers with, and its HTTP status. Documented in the OpenAPI description. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_DISABLED: 403,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  ORIGIN_REFUSED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  DUPLICATE: 409,
  NOT_HOLDER: 409,
  NOT_WITH_YOU: 409,
  /** A similar application of the same applicant is pending: `details.duplicates`; file again with confirmDuplicate. */
  POSSIBLE_DUPLICATE: 409,
  SCAN_REJECTED: 422,
  INVALID_STATE: 422,
  CERT_REJECTED: 422,
  /** A CSV import with problems: nothing written; `details.problems` lists each (line, column, message). */
  IMPORT_REJECTED: 422,
  BAD_SIGNATURE: 422,
  PAYLOAD_TOO_LARGE: 413,
  METHOD_NOT_ALLOWED: 405,
  TOO_MANY_ATTEMPTS: 429,
  OTP_INVALID: 401,
  OTP_LIMITED: 429,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  STORAGE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * The one error type of the backend. `params` fill the translated message; `details` go to the
 * client as they are (field issues, current state on a conflict, retry time).
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, unknown> = {},
    readonly details?: Record<string, unknown>,
  ) {
    super(code);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = () => new AppError('NOT_FOUND');
export const forbidden = () => new AppError('FORBIDDEN');
/** INVALID_STATE with its translated reason: `reasons.<reason>` in the messages. */
export const invalidState = (reason: string) => new AppError('INVALID_STATE', { reason: { tKey: `reasons.${reason}` } });
/** Throws a policy's refusal (`…Refusal(actor, item, action)`: an AppError, or null when allowed). */
export function refuse(refusal: AppError | null): void {
  if (refusal) throw refusal;
}
/** VALIDATION_FAILED at one field; `tKey` names its message (e.g. `issues.unknownOffice`), given in the user's language when answered. */
export const fieldError = (path: (string | number)[], code: string, tKey: string, params?: Record<string, unknown>) =>
  new AppError('VALIDATION_FAILED', {}, { issues: [{ path: path.map(String), code, message: null, tKey, ...(params ? { params } : {}) }] });
