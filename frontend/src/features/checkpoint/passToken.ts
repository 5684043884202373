/**
 * The pass token rule, shared with the server: the very module the backend judges tokens with
 * (pure, jose only), so a pass scanned offline on a phone gets the verdict the server would give.
 */
export {
  checkPassToken,
  istMinute,
  type PassCheck,
  type PassCheckContext,
  type PassClaims,
  type PassVerdict,
} from '../../../../backend/src/modules/passes/pass-token';
