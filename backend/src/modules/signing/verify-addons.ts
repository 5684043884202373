import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { extensionPoint } from '../../shared/extension-point.js';
import type { issuedPassOut } from './signing.schemas.js';

export type IssuedPassCheck = z.infer<typeof issuedPassOut>;

/**
 * What the public verifier shows of passes and certificates, which the passes module (built on
 * signing) issues: signing never imports it; the composition root provides this.
 */
export interface VerifyAddons {
  /** A pass token (JWS typ pv-pass): its verdict and the issued document; null when it is not a pass token. */
  passToken(em: EntityManager, token: string): Promise<IssuedPassCheck | null>;
  /** The issued pass or certificate whose signed PDF has this SHA-256 (hex), if any. */
  passBySha256(em: EntityManager, sha256: string): Promise<IssuedPassCheck | null>;
}

export const verifyAddons = extensionPoint<VerifyAddons>('verify addons (passes)');
