import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { z } from 'zod';
import {
  AGENT_NAME,
  PairRequestSchema,
  SessionRequestSchema,
  SignRequestSchema,
  type CertificatesResponse,
  type SignResponse,
  type StatusResponse,
} from './contract.js';
import { BUILD } from './build-info.js';
import type { AgentConfig } from './config.js';
import { ensureDemoPfx, ensureDemoPki } from './demo-pki.js';
import { AgentError, isAgentError } from './errors.js';
import { isCurrentlyValid, type KeyStore } from './key-store.js';
import { Pairing } from './pairing.js';
import { SigningSession } from './session.js';
import { SignatureLog } from './signature-log.js';
import { Pkcs11KeyStore } from './signers/pkcs11-signer.js';
import { Pkcs12KeyStore } from './signers/pkcs12-signer.js';

export const DEMO_OFFICER = { commonName: 'Demo Officer (Patravali)', pin: '123456' } as const;

const VERSION =
  BUILD?.version ?? (JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

export interface AgentDeps {
  origins: string[];
  store: KeyStore;
  demo: boolean;
  session: SigningSession;
  pairing: Pairing;
  signatureLog: SignatureLog;
  print: (line: string) => void;
}

/** The agent's HTTP API as a Koa app (no listen()). */
export function createAgentApp(deps: AgentDeps): Koa {
  const app = new Koa();
  const allowed = new Set(deps.origins);

  app.use(async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new AgentError('NOT_FOUND');
    } catch (e) {
      const err = toAgentError(e);
      if (err.code === 'INTERNAL_ERROR' || err.code === 'TOKEN_ERROR') deps.print(`Error: ${(e as Error).message}`);
      ctx.status = err.status;
      ctx.body = err.toBody();
    }
    ctx.set('Cache-Control', 'no-store');
  });

  // DNS-rebinding guard, then the origin allow-list. A refused origin gets no CORS headers at all.
  app.use(async (ctx, next) => {
    const host = ctx.get('host').replace(/:\d+$/, '');
    if (!LOOPBACK_HOSTS.has(host)) throw new AgentError('FOREIGN_HOST');
    const origin = ctx.get('origin');
    if (!origin || !allowed.has(origin)) throw new AgentError('FOREIGN_ORIGIN');
    ctx.set('Access-Control-Allow-Origin', origin);
    ctx.set('Vary', 'Origin');
    ctx.set('Access-Control-Allow-Headers', 'content-type, authorization');
    ctx.set('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
    if (ctx.method === 'OPTIONS') {
      if (ctx.get('access-control-request-private-network') === 'true') ctx.set('Access-Control-Allow-Private-Network', 'true');
      ctx.set('Access-Control-Max-Age', '600');
      ctx.status = 204;
      return;
    }
    await next();
  });

  app.use(
    bodyParser({
      enableTypes: ['json'],
      jsonLimit: '512kb',
      encoding: 'utf-8',
      onError: () => {
        throw new AgentError('BAD_REQUEST', { issues: ['body is not valid JSON'] });
      },
    }),
  );

  const router = new Router();
  const paired: Koa.Middleware = async (ctx, next) => {
    if (!deps.pairing.isPaired(ctx.get('authorization'))) throw new AgentError('NOT_PAIRED');
    await next();
  };

  router.get('/v1/status', (ctx) => {
    const body: StatusResponse = {
      agent: AGENT_NAME,
      version: VERSION,
      store: deps.store.kind,
      demo: deps.demo,
      paired: deps.pairing.isPaired(ctx.get('authorization')),
      session: deps.session.state(),
    };
    ctx.body = body;
  });

  router.post('/v1/pair', (ctx) => {
    const { code } = parse(PairRequestSchema, ctx.request.body);
    const token = deps.pairing.pair(code, ctx.get('origin'));
    deps.print(`Paired with ${ctx.get('origin')} / ${ctx.get('origin')} से जोड़ा गया`);
    ctx.body = { token };
  });

  router.post('/v1/session', paired, async (ctx) => {
    const { pin } = parse(SessionRequestSchema, ctx.request.body);
    try {
      ctx.body = await deps.session.open(pin);
    } catch (e) {
      if (isAgentError(e, 'WRONG_PIN'))
        deps.print(`Wrong PIN (${String(e.extra.triesLeft)} tries left) / गलत पिन (${String(e.extra.triesLeft)} प्रयास शेष)`);
      if (isAgentError(e, 'PIN_LOCKED'))
        deps.print('PIN locked: no more PIN tries until restart / पिन लॉक: एजेंट दोबारा शुरू होने तक पिन नहीं लिया जाएगा');
      throw e;
    }
    deps.print(`Signing session opened for ${ctx.get('origin')} / हस्ताक्षर सत्र शुरू हुआ`);
  });

  router.delete('/v1/session', paired, async (ctx) => {
    ctx.body = await deps.session.close();
  });

  router.get('/v1/certificates', paired, async (ctx) => {
    const body: CertificatesResponse = { certificates: await deps.session.use((store) => store.listCertificates()) };
    ctx.body = body;
  });

  router.post('/v1/sign', paired, async (ctx) => {
    const req = parse(SignRequestSchema, ctx.request.body);
    const origin = ctx.get('origin');
    ctx.body = await deps.session.use(async (store): Promise<SignResponse> => {
      const entry = (await store.listCertificates()).find((c) => c.id === req.certificateId);
      if (!entry) throw new AgentError('NO_CERTIFICATE');
      if (!isCurrentlyValid(entry)) throw new AgentError('CERT_EXPIRED', { notBefore: entry.notBefore, notAfter: entry.notAfter });
      const signatures: SignResponse['signatures'] = [];
      const logged: Parameters<typeof deps.signatureLog.recordAll>[0] = [];
      try {
        for (const item of req.items) {
          const digest = Buffer.from(item.digest, 'base64');
          const signature = await store.signDigest(entry.id, digest);
          logged.push({
            title: item.title,
            digest: digest.toString('hex'),
            subject: entry.subject,
            serialNumber: entry.serialNumber,
            certificateId: entry.id,
            origin,
          });
          signatures.push({ digest: item.digest, signature: signature.toString('base64') });
        }
      } finally {
        // every signature the key made is logged, even when a later item of the batch failed
        deps.signatureLog.recordAll(logged);
      }
      return { algorithm: entry.keyAlgorithm, certificate: entry.certificate, chain: entry.chain, signatures };
    });
  });

  app.use(router.routes());
  return app;
}

export interface RunningAgent {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Builds the key store from the config, starts the HTTP server on 127.0.0.1 and prints the pairing code. */
export async function startAgent(config: AgentConfig, print: (line: string) => void = (l) => console.log(l)): Promise<RunningAgent> {
  fs.mkdirSync(config.home, { recursive: true, mode: 0o700 });
  const demo = config.store.kind === 'demo';
  let store: KeyStore;
  if (config.store.kind === 'pkcs11') store = new Pkcs11KeyStore(config.store.library, config.store.tokenLabel);
  else if (config.store.kind === 'pkcs12') store = new Pkcs12KeyStore(config.store.file);
  else {
    const { caPath } = ensureDemoPki(config.demoDir);
    const pfx = ensureDemoPfx(config.demoDir, DEMO_OFFICER);
    store = new Pkcs12KeyStore(pfx);
    print('DEMO MODE: the certificate is "Demo Officer (Patravali)", issued by the Patravali Demo CA');
    print(`  (${caPath}). Only a Patravali backend in demo mode trusts it; it is worthless anywhere else. PIN: ${DEMO_OFFICER.pin}`);
    print(`डेमो मोड: प्रमाणपत्र "Demo Officer (Patravali)" है, जिसे Patravali Demo CA ने जारी किया है। इसे केवल डेमो मोड वाला`);
    print(`  Patravali बैकएंड मानता है; और कहीं इसका कोई मूल्य नहीं है। पिन: ${DEMO_OFFICER.pin}`);
  }

  const session = new SigningSession(store, config.idleMs, config.pinTries, (reason) => {
    if (reason === 'idle') print('Signing session closed after inactivity / निष्क्रियता के कारण हस्ताक्षर सत्र बंद हुआ');
    else if (reason === 'token') print('Signing session closed: token removed or logged out / टोकन हटने से हस्ताक्षर सत्र बंद हुआ');
    else print('Signing session closed / हस्ताक्षर सत्र बंद हुआ');
  });
  const pairing = new Pairing(config.home, (code) => print(`Pairing code: ${code}\nपेयरिंग कोड: ${code}`));
  const app = createAgentApp({
    origins: config.origins,
    store,
    demo,
    session,
    pairing,
    signatureLog: new SignatureLog(config.home, print),
    print,
  });

  const handle = app.callback();
  // the app answers its own errors (the first middleware); whatever still escapes is printed
  const server = http.createServer(
    (req, res) => void handle(req, res).catch((err: unknown) => print(`Error: ${err instanceof Error ? err.message : String(err)}`)),
  );
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  print(`Patravali signing agent listening on ${url}`);
  print(`पत्रावली हस्ताक्षर एजेंट ${url} पर चल रहा है`);
  print(`Key store / कुंजी भंडार: ${store.describe()}`);
  print(`Allowed e-office origins / अनुमत ई-ऑफिस: ${config.origins.join(', ')}`);
  pairing.announceCode();

  return {
    port,
    url,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await session.dispose();
    },
  };
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw new AgentError('BAD_REQUEST', { issues: result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`) });
  }
  return result.data;
}

function toAgentError(e: unknown): AgentError {
  if (e instanceof AgentError) return e;
  const status = (e as { status?: number }).status;
  if (status && status >= 400 && status < 500) return new AgentError('BAD_REQUEST', { issues: [(e as Error).message] });
  return new AgentError('INTERNAL_ERROR', {}, (e as Error).message);
}
