/**
 * The audit log's public surface (a platform module: it knows no domain module). Domain events
 * write its rows through the event bus (auditRowsStatement, handed to the bus by the composition root).
 */

// --- for the modules: an item's history reads its audit rows
export { AuditEventSchema } from './audit.entity.js';

// --- for the composition root and the command-line tools
export { auditRowsStatement } from './append-audit.js';
export { chainPendingAudit, startAuditChainer } from './audit-chainer.js';
export {
  checkpointCron,
  loadOrCreateCheckpointKey,
  loadTrustedCheckpointKeys,
  verifyAuditCheckpoints,
  writeAuditCheckpoint,
  type CheckpointProblem,
} from './audit-checkpoint.js';
export { auditCheckpointJob } from './audit-checkpoint.job.js';
export { auditRoleProblems } from './audit-role-check.js';
export { verifyAuditChain } from './verify-audit-chain.js';
