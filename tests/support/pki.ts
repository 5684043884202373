/** Test PKI helpers (CAs, DSC-like certificates, CRLs, .pfx) — the signing agent's, re-exported for tests. */
export * from '@patravali/signing-agent/pki';
export { ensureDemoPki, ensureDemoPfx } from '@patravali/signing-agent/demo-pki';
