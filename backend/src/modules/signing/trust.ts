import path from 'node:path';
import { ensureDemoPki } from '@patravali/signing-agent/demo-pki';
import type { Deps } from '../../shared/scope.js';
import { TrustStore } from './crypto/certificates.js';

const stores = new WeakMap<Deps, TrustStore>();

export const demoCaOn = (deps: Deps) => deps.env.SIGNING_DEMO_CA ?? deps.env.DEMO_SEED;
const demoPkiDir = (deps: Deps) => deps.env.DEMO_PKI_DIR ?? path.join(deps.env.DATA_DIR, 'demo-pki');
const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** The process's trust store: SIGNING_TRUST_ANCHORS (+ the demo CA in demo mode) and SIGNING_CRLS. */
export function trustStoreFor(deps: Deps): TrustStore {
  let store = stores.get(deps);
  if (!store) {
    const extra = demoCaOn(deps) ? [ensureDemoPki(demoPkiDir(deps)).ca.certPem] : [];
    store = new TrustStore({ anchorFiles: list(deps.env.SIGNING_TRUST_ANCHORS), crlSources: list(deps.env.SIGNING_CRLS), extraAnchorsPem: extra, log: deps.log });
    stores.set(deps, store);
  }
  return store;
}
