/**
 * The object key scheme (see storage/README.md). Keys never contain user-supplied names, so a
 * filename can't escape its prefix; the sha256 lets the same upload be found again.
 */
export const objectKeys = {
  scanOriginal: (receiptId: string, sha256: string) => `receipts/${receiptId}/originals/${sha256}`,
  pageImage: (receiptId: string, pageId: string, variant: 'page' | 'preview' | 'thumb') =>
    `receipts/${receiptId}/pages/${pageId}/${variant}`,
  healthProbe: () => `system/health-probe`,
} as const;
