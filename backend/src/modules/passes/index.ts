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

// --- for the composition root
export { passesRoutes } from './passes.routes.js';
export { passesListeners } from './passes.events.js';
export { signDocumentJob, provideDocumentSigning } from './sign-document.job.js';
export { passVerifyAddons } from './verify-pass.js';
export { documentSigner, closeDocumentSigner } from './document-signer.js';
export { officerPassSigning } from './officer-signing.js';
