/**
 * The signing module's public surface: DSC enrolment, signing notes and letters, dispatch and
 * verification. It builds on files; files never imports it (signing plugs into fileAddons).
 */
export { signingEntities } from './signing.entity.js';
export { signingRoutes } from './signing.routes.js';
export { signingListeners } from './signing.events.js';
export { signingFileAddons } from './signing.file-addons.js';
/** The installation's QR-token keys: the active one signs (letters, passes), every published one verifies. */
export { activeQrKey, publishedKeys } from './verification-keys.js';
/** Signing a PDF with a key that signs digests in an HSM (the office's document signer), and the letters' QR drawing. */
export { sealPdf, type DigestSigner } from './seal-pdf.js';
export { drawQr } from './letter-pdf.js';
export { verifyUrl } from './sign-requests.js';
export { demoCaOn, demoPkiDir, trustStoreFor } from './trust.js';
/** What the public verifier shows of issued passes and certificates (provided by the composition root from passes). */
export { verifyAddons, type VerifyAddons, type IssuedPassCheck } from './verify-addons.js';
export { passSigning, type PassSigning } from './pass-signing.js';
