import pkcs11js from 'pkcs11js';
import { ecdsaRawToDer, sha256DigestInfo } from '../digest-info.js';
import { AgentError } from '../errors.js';
import { certificateEntry, type CertificateEntry, type KeyStore } from '../key-store.js';

type Handle = Buffer;

/** Return values meaning the token went away (pulled out, reset) under an open session. */
const GONE = new Set([
  pkcs11js.CKR_DEVICE_REMOVED,
  pkcs11js.CKR_TOKEN_NOT_PRESENT,
  pkcs11js.CKR_TOKEN_NOT_RECOGNIZED,
  pkcs11js.CKR_SESSION_HANDLE_INVALID,
  pkcs11js.CKR_SESSION_CLOSED,
  pkcs11js.CKR_DEVICE_ERROR,
  pkcs11js.CKR_SLOT_ID_INVALID,
]);
const BAD_PIN = new Set([pkcs11js.CKR_PIN_INCORRECT, pkcs11js.CKR_PIN_INVALID, pkcs11js.CKR_PIN_LEN_RANGE]);

/**
 * A USB DSC token (ePass2003, ProxKey, …) or SoftHSM through its vendor's PKCS#11 library.
 * The slot is the token with `tokenLabel`, or the first initialised token present. A certificate
 * and its private key share a CKA_ID, which is the certificate entry's id.
 */
export class Pkcs11KeyStore implements KeyStore {
  readonly kind = 'pkcs11' as const;
  private p11: pkcs11js.PKCS11 | null = null;
  private session: Handle | null = null;
  /** Key handles of this login session by certificate id (a batch looks each key up once). */
  private keys = new Map<string, { key: Handle; ec: boolean; alwaysAuth: boolean }>();
  /** Kept only while the session is open, for keys marked CKA_ALWAYS_AUTHENTICATE (a login per signature). */
  private pin: string | null = null;

  constructor(
    private readonly library: string,
    private readonly tokenLabel?: string,
  ) {}

  describe(): string {
    return `PKCS#11 library ${this.library}${this.tokenLabel ? `, token "${this.tokenLabel}"` : ''}`;
  }

  async open(pin: string): Promise<void> {
    await this.close();
    const p11 = this.module();
    let slot = this.findSlot(p11);
    if (!slot) {
      // Some libraries only see a token plugged in after start-up once re-initialised.
      this.unload();
      slot = this.findSlot(this.module());
    }
    if (!slot)
      throw new AgentError('NO_TOKEN', {}, this.tokenLabel ? `no token labelled "${this.tokenLabel}"` : 'no initialised token present');
    const mod = this.module();
    if (this.call(() => mod.C_GetTokenInfo(slot)).flags & pkcs11js.CKF_USER_PIN_LOCKED)
      throw new AgentError('PIN_LOCKED', { lockedBy: 'token' });

    const session = this.call(() => mod.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION));
    try {
      mod.C_Login(session, pkcs11js.CKU_USER, pin);
    } catch (e) {
      const code = ckr(e);
      if (code !== pkcs11js.CKR_USER_ALREADY_LOGGED_IN) {
        try {
          mod.C_CloseSession(session);
        } catch {
          /* already gone */
        }
        if (code !== undefined && BAD_PIN.has(code)) {
          const flags = this.tokenFlags(slot);
          if (flags & pkcs11js.CKF_USER_PIN_LOCKED) throw new AgentError('PIN_LOCKED', { lockedBy: 'token' });
          throw new AgentError('WRONG_PIN', flags & pkcs11js.CKF_USER_PIN_FINAL_TRY ? { tokenTriesLeft: 1 } : {});
        }
        if (code === pkcs11js.CKR_PIN_LOCKED) throw new AgentError('PIN_LOCKED', { lockedBy: 'token' });
        throw this.translate(e);
      }
    }
    this.session = session;
    this.pin = pin;
  }

  async close(): Promise<void> {
    const session = this.session;
    this.session = null;
    this.keys.clear();
    this.pin = null;
    if (!session || !this.p11) return;
    try {
      this.p11.C_Logout(session);
    } catch {
      /* token pulled out or already logged out */
    }
    try {
      this.p11.C_CloseSession(session);
    } catch {
      /* idem */
    }
  }

  isOpen(): boolean {
    return this.session !== null;
  }

  async listCertificates(): Promise<CertificateEntry[]> {
    const { p11, session } = this.active();
    const keyIds = new Set(
      this.find(p11, session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }]).map((h) =>
        this.attr(p11, session, h, pkcs11js.CKA_ID).toString('hex'),
      ),
    );
    const certs = this.find(p11, session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
      { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
    ]).map((h) => ({
      id: this.attr(p11, session, h, pkcs11js.CKA_ID).toString('hex'),
      der: this.attr(p11, session, h, pkcs11js.CKA_VALUE),
    }));
    const leaves = certs.filter((c) => keyIds.has(c.id));
    const pool = certs.filter((c) => !keyIds.has(c.id)).map((c) => c.der);
    const entries: CertificateEntry[] = [];
    for (const leaf of leaves) {
      try {
        entries.push(certificateEntry(leaf.id, leaf.der, pool));
      } catch {
        /* not a certificate node:crypto can read: not one we can sign with either */
      }
    }
    return entries;
  }

  async signDigest(certId: string, sha256: Buffer): Promise<Buffer> {
    const { p11, session } = this.active();
    if (!/^([0-9a-f]{2})+$/.test(certId)) throw new AgentError('NO_CERTIFICATE');
    let known = this.keys.get(certId);
    if (!known) {
      const [key] = this.find(p11, session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
        { type: pkcs11js.CKA_ID, value: Buffer.from(certId, 'hex') },
      ]);
      if (!key) throw new AgentError('NO_CERTIFICATE');
      const keyType = this.attr(p11, session, key, pkcs11js.CKA_KEY_TYPE).readUIntLE(0, 1);
      known = { key, ec: keyType === pkcs11js.CKK_EC, alwaysAuth: this.alwaysAuthenticate(p11, session, key) };
      this.keys.set(certId, known);
    }
    const { key, ec } = known;
    this.call(() => p11.C_SignInit(session, { mechanism: ec ? pkcs11js.CKM_ECDSA : pkcs11js.CKM_RSA_PKCS }, key));
    if (known.alwaysAuth) this.call(() => p11.C_Login(session, pkcs11js.CKU_CONTEXT_SPECIFIC, this.pin ?? ''));
    const input = ec ? sha256 : sha256DigestInfo(sha256);
    let out: Buffer;
    try {
      out = await p11.C_SignAsync(session, input, Buffer.alloc(1024));
    } catch (e) {
      throw this.translate(e);
    }
    return ec ? ecdsaRawToDer(out) : Buffer.from(out);
  }

  async dispose(): Promise<void> {
    await this.close();
    this.unload();
  }

  private module(): pkcs11js.PKCS11 {
    if (this.p11) return this.p11;
    const p11 = new pkcs11js.PKCS11();
    try {
      p11.load(this.library);
    } catch (e) {
      throw new AgentError('NO_TOKEN', {}, `cannot load PKCS#11 library ${this.library}: ${(e as Error).message}`);
    }
    try {
      p11.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
    } catch (e) {
      if (ckr(e) === pkcs11js.CKR_CANT_LOCK) p11.C_Initialize();
      else if (ckr(e) !== pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED) throw this.translate(e);
    }
    this.p11 = p11;
    return p11;
  }

  private unload(): void {
    const p11 = this.p11;
    this.p11 = null;
    this.session = null;
    this.keys.clear();
    if (!p11) return;
    try {
      p11.C_Finalize();
    } catch {
      /* nothing to finalise */
    }
    try {
      p11.close();
    } catch {
      /* already unloaded */
    }
  }

  private findSlot(p11: pkcs11js.PKCS11): Handle | null {
    let slots: Handle[];
    try {
      slots = p11.C_GetSlotList(true);
    } catch {
      return null;
    }
    for (const slot of slots) {
      let info: pkcs11js.TokenInfo;
      try {
        info = p11.C_GetTokenInfo(slot);
      } catch {
        continue;
      }
      if (!(info.flags & pkcs11js.CKF_TOKEN_INITIALIZED)) continue;
      if (this.tokenLabel && info.label.trim() !== this.tokenLabel) continue;
      return slot;
    }
    return null;
  }

  private tokenFlags(slot: Handle): number {
    try {
      return this.p11?.C_GetTokenInfo(slot).flags ?? 0;
    } catch {
      return 0;
    }
  }

  private active(): { p11: pkcs11js.PKCS11; session: Handle } {
    if (!this.session || !this.p11) throw new AgentError('SESSION_REQUIRED');
    return { p11: this.p11, session: this.session };
  }

  private find(p11: pkcs11js.PKCS11, session: Handle, template: pkcs11js.Template): Handle[] {
    return this.call(() => {
      p11.C_FindObjectsInit(session, template);
      try {
        const found: Handle[] = [];
        for (;;) {
          const batch = p11.C_FindObjects(session, 64);
          if (!batch.length) return found;
          found.push(...batch);
        }
      } finally {
        p11.C_FindObjectsFinal(session);
      }
    });
  }

  private attr(p11: pkcs11js.PKCS11, session: Handle, object: Handle, type: number): Buffer {
    const [a] = this.call(() => p11.C_GetAttributeValue(session, object, [{ type }]));
    return Buffer.isBuffer(a?.value) ? a.value : Buffer.alloc(0);
  }

  private alwaysAuthenticate(p11: pkcs11js.PKCS11, session: Handle, key: Handle): boolean {
    try {
      return this.attr(p11, session, key, pkcs11js.CKA_ALWAYS_AUTHENTICATE)[0] === 1;
    } catch {
      return false;
    }
  }

  /** Runs a PKCS#11 call, turning the token vanishing into NO_TOKEN (and dropping the session). */
  private call<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw this.translate(e);
    }
  }

  private translate(e: unknown): AgentError {
    if (e instanceof AgentError) return e;
    const code = ckr(e);
    const name = (e as Error).message;
    if (code !== undefined && GONE.has(code)) {
      this.session = null;
      this.keys.clear();
      this.pin = null;
      this.unload();
      return new AgentError('NO_TOKEN', {}, `token gone: ${name}`);
    }
    if (code === pkcs11js.CKR_USER_NOT_LOGGED_IN) {
      this.session = null;
      this.keys.clear();
      this.pin = null;
      return new AgentError('SESSION_REQUIRED', {}, name);
    }
    return new AgentError('TOKEN_ERROR', { detail: name }, `PKCS#11: ${name}`);
  }
}

function ckr(e: unknown): number | undefined {
  return e instanceof pkcs11js.Pkcs11Error ? e.code : undefined;
}
