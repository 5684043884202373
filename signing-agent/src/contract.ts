/**
 * The agent's HTTP contract, shared with the e-office (backend and browser). Base URL
 * http://127.0.0.1:17365; every request carries the browser's Origin; all but /v1/status and
 * /v1/pair carry `Authorization: Bearer <token>` from pairing.
 */
import { z } from 'zod';
import { AGENT_ERROR_STATUS } from './errors.js';

export const AGENT_NAME = 'patravali-signing-agent';
export const AGENT_DEFAULT_PORT = 17365;
export const MAX_SIGN_ITEMS = 500;
export const AGENT_ERROR_CODES = Object.keys(AGENT_ERROR_STATUS) as (keyof typeof AGENT_ERROR_STATUS)[];
export { AGENT_ERROR_STATUS };
export type { AgentErrorCode, Bilingual } from './errors.js';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 expected');
const sha256Base64 = base64.refine(
  (s) => s.length === 44 && Buffer.from(s, 'base64').length === 32,
  'a SHA-256 digest: exactly 32 bytes, base64',
);

export const ErrorBodySchema = z.looseObject({
  code: z.enum(AGENT_ERROR_CODES as [keyof typeof AGENT_ERROR_STATUS, ...(keyof typeof AGENT_ERROR_STATUS)[]]),
  message: z.object({ en: z.string(), hi: z.string() }),
  /** WRONG_PIN, BAD_PAIRING_CODE */
  triesLeft: z.number().int().optional(),
  /** PIN_LOCKED: the token itself, or the agent refusing further tries */
  lockedBy: z.enum(['token', 'agent']).optional(),
});

export const SessionStateSchema = z.object({
  open: z.boolean(),
  expiresAt: z.string().nullable(),
});

export const StatusResponseSchema = z.object({
  agent: z.literal(AGENT_NAME),
  version: z.string(),
  store: z.enum(['pkcs11', 'pkcs12']),
  demo: z.boolean(),
  /** true when the request carried a valid bearer token */
  paired: z.boolean(),
  session: SessionStateSchema,
});

export const PairRequestSchema = z.object({ code: z.string().max(32) });
export const PairResponseSchema = z.object({ token: z.string() });

export const SessionRequestSchema = z.object({ pin: z.string().min(1).max(128) });
export const SessionResponseSchema = SessionStateSchema;

export const CertificateEntrySchema = z.object({
  /** hex CKA_ID on a token, the local key id in a .pfx */
  id: z.string(),
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  keyAlgorithm: z.enum(['RSA', 'EC']),
  /** base64 DER */
  certificate: z.string(),
  /** base64 DER of the CA certificates found with it (issuer first), leaf excluded */
  chain: z.array(z.string()),
});
export const CertificatesResponseSchema = z.object({ certificates: z.array(CertificateEntrySchema) });

export const SignItemSchema = z.object({
  /** shown in the agent's log: what the officer is signing */
  title: z.string().min(1).max(500),
  /** base64 of the 32-byte SHA-256 the signature is over */
  digest: sha256Base64,
});
export const SignRequestSchema = z.object({
  certificateId: z.string().min(1).max(256),
  items: z.array(SignItemSchema).min(1).max(MAX_SIGN_ITEMS),
});
export const SignResponseSchema = z.object({
  algorithm: z.enum(['RSA', 'EC']),
  certificate: z.string(),
  chain: z.array(z.string()),
  /** In item order. RSA: PKCS#1 v1.5 over DigestInfo(sha256); EC: DER ECDSA-Sig-Value. Base64. */
  signatures: z.array(z.object({ digest: z.string(), signature: z.string() })),
});

export type ErrorBody = z.infer<typeof ErrorBodySchema>;
export type SessionState = z.infer<typeof SessionStateSchema>;
export type StatusResponse = z.infer<typeof StatusResponseSchema>;
export type PairRequest = z.infer<typeof PairRequestSchema>;
export type PairResponse = z.infer<typeof PairResponseSchema>;
export type SessionRequest = z.infer<typeof SessionRequestSchema>;
export type CertificateEntry = z.infer<typeof CertificateEntrySchema>;
export type CertificatesResponse = z.infer<typeof CertificatesResponseSchema>;
export type SignItem = z.infer<typeof SignItemSchema>;
export type SignRequest = z.infer<typeof SignRequestSchema>;
export type SignResponse = z.infer<typeof SignResponseSchema>;
