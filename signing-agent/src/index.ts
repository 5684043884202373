/** The agent's public surface for the e-office: its HTTP contract and the test/demo PKI tools. */
export * from './contract.js';
export { AgentError, type AgentErrorCode, type Bilingual } from './errors.js';
export { sha256DigestInfo, ecdsaRawToDer, ecdsaDerToRaw, SHA256_DIGEST_INFO_PREFIX } from './digest-info.js';
export { createCa, issueCertificate, createCrl, toPfx, CLASS3_POLICY_OID, type Issued, type CaOptions, type LeafOptions } from './pki.js';
export { ensureDemoPki, ensureDemoPfx, DEMO_CA_NAME, DEFAULT_DEMO_DIR } from './demo-pki.js';
