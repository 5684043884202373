import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import { extensionPoint } from '../../shared/extension-point.js';
import type { Scope, Tx } from '../../shared/scope.js';

/**
 * Passes and certificates signed by the approving officer's own DSC go through the same batch
 * signing as letters (one PIN signs many). The passes module, built on signing, provides the
 * document side: signing never imports it; the composition root provides this.
 */
export interface PassSigning {
  /** The unsigned PDF of a document the actor may sign now (pending, signed by its officer, approved by the actor's post); else NOT_FOUND / INVALID_STATE. */
  render(tx: Tx, scope: Scope, documentId: string): Promise<{ title: string; pdf: Buffer; reason: string; location: string }>;
  /** Stores the signed PDF and marks the document issued (its SMS goes out); answers the object key stored. */
  signed(tx: Tx, scope: Scope, documentId: string, pdf: Buffer, sha256: string): Promise<string>;
  /** Documents waiting for the actor's signature. */
  pending(
    em: EntityManager,
    actor: Actor,
  ): Promise<Array<{ documentId: string; referenceNumber: string; holderName: string; kind: string; issuedAt: string }>>;
}

export const passSigning = extensionPoint<PassSigning>('pass signing (passes)');
