import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeProtectedHeader, type JWK } from 'jose';
import { publishedKeys, type IssuedPassCheck, type VerifyAddons } from '../signing/index.js';
import { checkPassToken, PASS_TOKEN_TYP } from './pass-token.js';
import { IssuedDocumentSchema, type IssuedDocument } from './passes.entity.js';
import { documentContext, documentState } from './passes.presenter.js';

const SIGNED_BY = {
  office: (o: { hi: string; en: string }) => ({ hi: `${o.hi} के दस्तावेज़ हस्ताक्षरकर्ता (HSM)`, en: `Document signer of ${o.en} (HSM)` }),
};

async function summary(
  em: EntityManager,
  doc: IssuedDocument,
  verdict: IssuedPassCheck['verdict'],
  matchesDocument: boolean,
): Promise<IssuedPassCheck> {
  const ctx = await documentContext(em, doc);
  return {
    verdict,
    kind: doc.kind,
    referenceNumber: doc.referenceNumber,
    service: doc.claims.s,
    holderName: doc.holderName,
    maskedId: doc.claims.m ?? null,
    validFrom: doc.validFrom,
    validUntil: doc.validUntil ?? null,
    permitted: doc.claims.d ?? null,
    vehicle: doc.claims.vh ?? null,
    office: ctx.office,
    status: doc.status,
    signer: doc.signer,
    signedBy:
      doc.signer === 'office'
        ? SIGNED_BY.office(ctx.office)
        : {
            hi: `${ctx.authority.designation.hi}, ${ctx.office.hi} (DSC)`,
            en: `${ctx.authority.designation.en}, ${ctx.office.en} (DSC)`,
          },
    signedAt: doc.signedAt ? doc.signedAt.toISOString() : null,
    cancelledAt: doc.cancelledAt ? doc.cancelledAt.toISOString() : null,
    cancelReason: doc.cancelReason ?? null,
    matchesDocument,
  };
}

/**
 * The public verifier's view of passes and certificates: a token is judged by checkPassToken (the
 * checkpoints' rule) against the published keys and the register (cancelled ⇒ `cancelled`); a PDF is
 * matched by its SHA-256. A pass token whose signature fails answers null: the verifier reports the
 * token as not ours, as for letters.
 */
export const passVerifyAddons: VerifyAddons = {
  async passToken(em, token) {
    try {
      if (decodeProtectedHeader(token.trim()).typ !== PASS_TOKEN_TYP) return null;
    } catch {
      return null;
    }
    const keys = (await publishedKeys(em)) as JWK[];
    const first = await checkPassToken(token, { keys, isRevoked: () => false, now: new Date() });
    if (!first.claims) return null;
    const doc = await em.findOne(IssuedDocumentSchema, { id: first.claims.j });
    if (!doc || doc.token !== token.trim()) return null;
    const check = await checkPassToken(token, { keys, isRevoked: () => doc.status === 'cancelled', now: new Date() });
    return summary(em, doc, check.verdict, false);
  },
  async passBySha256(em, sha256) {
    const doc = await em.findOne(IssuedDocumentSchema, { sha256 });
    if (!doc) return null;
    const state = documentState(doc);
    const verdict = state === 'pending' ? 'valid' : state;
    return summary(em, doc, verdict, true);
  },
};
