/**
 * Passes and certificates: the documents the public-services engine issues on approval, their
 * signed QR tokens, short links, cancellation and verification.
 */
export {
  checkPassToken,
  istMinute,
  signPassToken,
  PASS_TOKEN_TYP,
  type PassCheck,
  type PassCheckContext,
  type PassClaims,
  type PassVerdict,
} from './pass-token.js';
export {
  IssuedDocumentSchema,
  passesEntities,
  ISSUED_DOCUMENT_STATUSES,
  DOCUMENT_SIGNERS,
  type IssuedDocument,
  type IssuedDocumentStatus,
  type DocumentSigner,
} from './passes.entity.js';
