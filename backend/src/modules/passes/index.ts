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
