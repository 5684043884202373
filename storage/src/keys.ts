/** Prefix of the audit chain's checkpoints (write-once objects). */
export const AUDIT_CHECKPOINTS = 'audit/checkpoints/';

/**
 * The object key scheme (see storage/README.md). Keys never contain user-supplied names, so a
 * filename can't escape its prefix; the sha256 lets the same upload be found again.
 */
export const objectKeys = {
  scanOriginal: (receiptId: string, sha256: string) => `receipts/${receiptId}/originals/${sha256}`,
  pageImage: (receiptId: string, pageId: string, variant: 'page' | 'preview' | 'thumb') =>
    `receipts/${receiptId}/pages/${pageId}/${variant}`,
  /** A document an applicant uploaded for an application (ID proof, supporting document, counter photo). */
  applicationUpload: (uploadId: string, sha256: string) => `applications/uploads/${uploadId}/${sha256}`,
  healthProbe: () => `system/health-probe`,
  /** A signed checkpoint of the audit chain's head: write-once; sorts by chain position, then time. */
  auditCheckpoint: (chainNo: number, at: Date) =>
    `${AUDIT_CHECKPOINTS}${String(chainNo).padStart(16, '0')}-${at.toISOString().replace(/[-:]/g, '')}.jws`,
  /** A public key that signs audit checkpoints (JWK), published for auditors; trust comes from the verifier's own copy. */
  auditCheckpointKey: (kid: string) => `audit/checkpoint-keys/${kid}.jwk`,
} as const;
