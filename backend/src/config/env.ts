import { z } from 'zod';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import rootPackage from '../../../package.json' with { type: 'json' };

export const APP_VERSION: string = rootPackage.version;

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const port = z.coerce.number().int().min(0).max(65535);

/**
 * Every setting of Patravali. This is the only module that reads process.env: it parses once,
 * reports every problem together, and hands out a frozen, typed object.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  ROLE: z.enum(['both', 'api', 'worker']).default('both').describe('which roles this process runs'),
  HOST: z.string().min(1).default('0.0.0.0').describe('interface the API listens on'),
  PORT: port.default(3000).describe('HTTP port of the API and web app'),
  PUBLIC_URL: z.url().optional().describe('URL users open (printed at start; used as the allowed origin)'),
  DATA_DIR: z
    .string()
    .min(1)
    .default(path.join(ROOT_DIR, 'storage', 'data'))
    .describe('runtime data of the embedded servers'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .describe("external PostgreSQL, as the application's own least-privilege role; when unset an embedded PostgreSQL is started"),
  DATABASE_OWNER_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .describe('the same database as the role that owns the schema: migrations, job-queue setup, audit:verify (default: DATABASE_URL)'),
  EMBEDDED_PG_PORT: port.default(54329).describe('port of the embedded PostgreSQL'),
  DB_POOL_MAX: z.coerce.number().int().min(2).max(200).default(10).describe('connections per process'),
  DB_TIMEOUT_SECONDS: z.coerce
    .number()
    .min(0.5)
    .max(600)
    .default(10)
    .describe('longest wait on the database (connect, answer, statement) before a request fails with 503'),
  S3_ENDPOINT: z
    .url()
    .optional()
    .describe('external MinIO/S3 endpoint, e.g. https://minio.district.local:9000; when unset the embedded S3 server is started'),
  S3_ACCESS_KEY: z.string().min(3).optional().describe('access key for S3_ENDPOINT'),
  S3_SECRET_KEY: z.string().min(8).optional().describe('secret key for S3_ENDPOINT'),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{2,62}$/, 'must be a valid bucket name')
    .default('patravali'),
  EMBEDDED_S3_PORT: port.default(54330).describe('port of the embedded S3 server'),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 30)
    .default(12)
    .describe('idle lifetime of a login session'),
  COOKIE_SECURE: bool.optional().describe('mark cookies Secure (default: true when PUBLIC_URL is https)'),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5).describe('failed logins per account before it is locked'),
  LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15)
    .describe('how long the lock lasts'),
  LOGIN_IP_MAX_FAILURES: z.coerce.number().int().min(1).max(10000).default(50).describe('failed logins per client address per lock period'),
  APPLICATION_UPLOADS_PER_DAY: z.coerce
    .number()
    .int()
    .min(1)
    .max(10000)
    .default(30)
    .describe('documents one applicant (or one counter post) may upload for applications in 24 hours'),
  OTP_PER_MOBILE: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(3)
    .describe('one-time passwords sent to one mobile number per OTP window'),
  OTP_PER_IP: z.coerce
    .number()
    .int()
    .min(1)
    .max(100000)
    .default(30)
    .describe('one-time passwords requested from one client address per OTP window'),
  OTP_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15)
    .describe('the window of the OTP limits'),
  GATE_CLOSING_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm')
    .default('18:00')
    .describe('closing time of office gates (India time, HH:mm): visitors still inside after it are listed as such'),
  TRUST_PROXY: bool.default(false).describe('trust X-Forwarded-For from a load balancer'),
  DEMO_SEED: bool.default(true).describe('seed the demo district on start (idempotent)'),
  DEMO_PASSWORD: z.string().min(8).default('patravali-demo').describe('password of every demo user'),
  DEFAULT_LOCALE: z.enum(['hi', 'en']).default('hi'),
  METRICS_TOKEN: z
    .string()
    .min(16, 'at least 16 characters')
    .optional()
    .describe('bearer token a Prometheus scrape of /metrics must send; unset: no metrics endpoint at all'),
  METRICS_PORT: port.optional().describe('also serve /metrics on this port (a worker has no other HTTP port); needs METRICS_TOKEN'),
  METRICS_HOST: z.string().min(1).default('0.0.0.0').describe('interface METRICS_PORT listens on'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SERVE_FRONTEND: bool.default(true).describe('serve the built web app from frontend/dist'),
  OCR_WORKERS: z.coerce
    .number()
    .int()
    .min(0)
    .max(64)
    .optional()
    .describe('tesseract workers per worker process (default: number of cores; 0 disables OCR in this process)'),
  OCR_LANGS: z
    .string()
    .regex(/^[a-z]{3}(\+[a-z]{3})*$/)
    .default('eng+hin')
    .describe('tesseract languages (eng+hin keeps digits)'),
  SCAN_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(50 * 1024 * 1024)
    .describe('largest scan file accepted, in bytes'),
  SCAN_MAX_PAGES: z.coerce.number().int().min(1).max(2000).default(200).describe('most pages in one scan file'),
  SCAN_MAX_PIXELS: z.coerce.number().int().min(1_000_000).default(60_000_000).describe('most pixels per page (decompression-bomb guard)'),
  JOB_MAINTENANCE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(30)
    .describe('how often the job queue expires jobs of dead workers (they are then retried)'),
  OCR_JOB_TIMEOUT_SECONDS: z.coerce
    .number()
    .int()
    .min(2)
    .max(3600)
    .default(60)
    .describe('an OCR job running longer (e.g. its worker died) is expired and retried'),
  SCAN_JOB_SECONDS_PER_PAGE: z.coerce
    .number()
    .int()
    .min(1)
    .max(600)
    .default(20)
    .describe('time allowed per page to prepare an upload before its job is expired and retried'),
  SCAN_MAX_FILES: z.coerce.number().int().min(1).max(500).default(100).describe('most files in one upload'),
  SIGNING_TRUST_ANCHORS: z
    .string()
    .optional()
    .describe('PEM bundle file(s), comma-separated, of the CAs whose DSCs are accepted (CCA India roots in production)'),
  SIGNING_CRLS: z.string().optional().describe('CRLs for revocation checks: comma-separated files or http(s) URLs'),
  SIGNING_POLICY_OID: z
    .string()
    .regex(/^\d+(\.\d+)+$/, 'must be a dotted OID')
    .optional()
    .describe('certificate policy a DSC must carry to be enrolled, e.g. 2.16.356.100.2.3 (Class 3)'),
  SIGNING_DEMO_CA: bool.optional().describe('trust the demo CA of `npm run agent` (default: on when DEMO_SEED is on)'),
  DEMO_PKI_DIR: z
    .string()
    .min(1)
    .optional()
    .describe('where the demo CA lives (default DATA_DIR/demo-pki, shared with the demo signing agent)'),
  AUDIT_CHECKPOINT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(60)
    .default(60)
    .describe('how often a signed checkpoint of the audit chain head is written to object storage (also at shutdown)'),
  AUDIT_CHECKPOINT_KEY_FILE: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Ed25519 private key (PKCS#8 PEM) that signs audit checkpoints; made on first start when missing (default DATA_DIR/keys/audit-checkpoint.pem)',
    ),
  AUDIT_CHECKPOINT_TRUSTED_KEYS: z
    .string()
    .min(1)
    .optional()
    .describe(
      "public keys (JWK or PEM files, or folders of them; comma-separated) audit:verify trusts besides the key file's own (default DATA_DIR/keys/audit-checkpoint-trusted)",
    ),
  DOCUMENT_SIGNER_PKCS11_LIBRARY: z
    .string()
    .min(1)
    .optional()
    .describe(
      "the HSM's PKCS#11 module holding the office's document-signer key (passes and certificates signed automatically); unset in demo mode: a SoftHSM token made in DATA_DIR/document-signer",
    ),
  DOCUMENT_SIGNER_TOKEN_LABEL: z
    .string()
    .min(1)
    .max(32)
    .default('Patravali document signer')
    .describe('label of the HSM token (partition) with the document-signer key'),
  DOCUMENT_SIGNER_PIN: z
    .string()
    .min(4)
    .optional()
    .describe('user PIN (partition secret) of that token: from the environment or a secret store, never the repository'),
  DOCUMENT_SIGNER_KEY_ID: z
    .string()
    .regex(/^([0-9a-fA-F]{2})+$/, 'must be the CKA_ID in hex')
    .optional()
    .describe('CKA_ID of the key and its certificate on the token (default: the first key with a certificate)'),
  SIGNING_AGENT_URL: z.url().default('http://127.0.0.1:17365').describe('where browsers find the local signing agent'),
  MESSAGE_GATEWAY: z
    .enum(['outbox', 'http-sms', 'whatsapp'])
    .default('outbox')
    .describe(
      'how SMS go out: kept in the outbox only (demo), an HTTP SMS gateway with DLT templates, or WhatsApp Cloud API template messages',
    ),
  SMS_GATEWAY_URL: z.url().optional().describe("http-sms: the gateway's send endpoint (JSON POST)"),
  SMS_GATEWAY_KEY: z.string().min(1).optional().describe('http-sms: its API key (sent as a Bearer token)'),
  SMS_SENDER_ID: z
    .string()
    .regex(/^[A-Z]{6}$/, 'must be the 6-letter DLT header')
    .optional()
    .describe('http-sms: the DLT-registered sender header'),
  SMS_DLT_ENTITY_ID: z
    .string()
    .regex(/^\d{10,20}$/, 'must be the DLT principal entity id')
    .optional()
    .describe('http-sms: the DLT principal entity id'),
  SMS_DLT_TEMPLATES: z
    .string()
    .optional()
    .describe('http-sms: JSON object, message template → DLT template id (e.g. {"applicants.otpSms":"1107…"})'),
  WHATSAPP_API_URL: z.url().default('https://graph.facebook.com/v21.0').describe('whatsapp: the Cloud API base URL'),
  WHATSAPP_PHONE_NUMBER_ID: z.string().regex(/^\d+$/, 'must be digits').optional().describe('whatsapp: the sending phone number id'),
  WHATSAPP_TOKEN: z.string().min(1).optional().describe('whatsapp: the access token'),
  WHATSAPP_TEMPLATES: z.string().optional().describe('whatsapp: JSON object, message template → approved WhatsApp template name'),
});

/** Rules across variables, checked on the raw values so they are reported with every other problem. */
function crossChecks(raw: Record<string, string>): string[] {
  const problems: string[] = [];
  const s3 = [raw.S3_ENDPOINT, raw.S3_ACCESS_KEY, raw.S3_SECRET_KEY];
  if (s3.some(Boolean) && !s3.every(Boolean)) problems.push('S3_ENDPOINT: S3_ENDPOINT, S3_ACCESS_KEY and S3_SECRET_KEY go together');
  if (raw.METRICS_PORT && !raw.METRICS_TOKEN) problems.push('METRICS_PORT: needs METRICS_TOKEN (metrics are never served without it)');
  if (raw.DATABASE_OWNER_URL && !raw.DATABASE_URL)
    problems.push('DATABASE_OWNER_URL: goes with DATABASE_URL (the embedded PostgreSQL makes both roles itself)');
  const gateway = raw.MESSAGE_GATEWAY;
  const needs =
    gateway === 'http-sms'
      ? ['SMS_GATEWAY_URL', 'SMS_GATEWAY_KEY', 'SMS_SENDER_ID', 'SMS_DLT_ENTITY_ID', 'SMS_DLT_TEMPLATES']
      : gateway === 'whatsapp'
        ? ['WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_TOKEN', 'WHATSAPP_TEMPLATES']
        : [];
  for (const key of needs) if (!raw[key]) problems.push(`${key}: needed when MESSAGE_GATEWAY=${gateway}`);
  for (const key of ['SMS_DLT_TEMPLATES', 'WHATSAPP_TEMPLATES']) {
    if (!raw[key]) continue;
    try {
      const map = JSON.parse(raw[key]) as unknown;
      if (
        typeof map !== 'object' ||
        map === null ||
        Array.isArray(map) ||
        !Object.values(map).every((v) => typeof v === 'string' && v.length > 0)
      )
        throw new Error('not a map');
    } catch {
      problems.push(`${key}: must be a JSON object of template names to ids (strings)`);
    }
  }
  if (raw.DOCUMENT_SIGNER_PKCS11_LIBRARY && !raw.DOCUMENT_SIGNER_PIN)
    problems.push('DOCUMENT_SIGNER_PIN: needed with DOCUMENT_SIGNER_PKCS11_LIBRARY (the PIN of the document-signer token)');
  const seed = raw.DEMO_SEED === undefined || ['true', '1', 'yes'].includes(raw.DEMO_SEED);
  if (raw.NODE_ENV === 'production' && seed && !raw.DEMO_PASSWORD && raw.DATABASE_URL) {
    problems.push('DEMO_SEED: demo users with the default password on a production database: set DEMO_SEED=false');
  }
  return problems;
}

export type Env = Readonly<z.infer<typeof envSchema>> & { readonly cpuCount: number };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the given variables (process.env by default); throws ConfigError listing every problem. */
export function loadEnv(source: Record<string, string | undefined> = process.env, overrides: Record<string, string | undefined> = {}): Env {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape ?? {})) {
    const value = overrides[key] ?? source[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = envSchema.safeParse(raw);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map(
          (i) =>
            `${i.path.join('.') || '(config)'}: ${i.message}${i.path[0] && raw[String(i.path[0])] !== undefined ? ` (got "${raw[String(i.path[0])]}")` : ''}`,
        )),
    ...crossChecks(raw),
  ];
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  return Object.freeze({ ...parsed.data, cpuCount: os.availableParallelism() });
}
