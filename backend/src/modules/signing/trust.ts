import path from 'node:path';
import { DEMO_CA_NAME, ensureDemoPki } from '@patravali/signing-agent/demo-pki';
import type { Deps } from '../../shared/scope.js';
import { TrustStore } from './crypto/certificates.js';

const stores = new WeakMap<Deps, TrustStore>();

export const demoCaOn = (deps: Deps) => deps.env.SIGNING_DEMO_CA ?? deps.env.DEMO_SEED;
export const demoPkiDir = (deps: Deps) => deps.env.DEMO_PKI_DIR ?? path.join(deps.env.DATA_DIR, 'demo-pki');
const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The process's trust store: SIGNING_TRUST_ANCHORS (+ the demo CA in demo mode) and SIGNING_CRLS. */
export function trustStoreFor(deps: Deps): TrustStore {
  let store = stores.get(deps);
  if (!store) {
    const extra = demoCaOn(deps) ? [ensureDemoPki(demoPkiDir(deps)).ca.certPem] : [];
    store = new TrustStore({
      anchorFiles: list(deps.env.SIGNING_TRUST_ANCHORS),
      crlSources: list(deps.env.SIGNING_CRLS),
      extraAnchorsPem: extra,
      log: deps.log,
    });
    stores.set(deps, store);
  }
  return store;
}

/**
 * Whether a certificate was issued by the demo CA of `npm run agent` (its issuer, as the verifier
 * writes names: "CN=…, O=…"). Such a certificate is a demo one: not issued under the Controller
 * of Certifying Authorities (CCA), India, whatever policy (class) it carries.
 */
export const isDemoIssuer = (issuer: string | null | undefined): boolean => !!issuer && issuer.split(/,\s*/).includes(`CN=${DEMO_CA_NAME}`);
