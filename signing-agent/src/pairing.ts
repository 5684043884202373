import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AgentError } from './errors.js';

interface PairedClient {
  /** sha256 (hex) of the bearer token; the token itself is never stored */
  tokenSha256: string;
  origin: string;
  pairedAt: string;
}

/**
 * One-time pairing between a browser profile and this agent. The agent prints a 6-digit code; the
 * officer types it into the e-office; the browser gets a random bearer token. A code is used once:
 * after a success, or after `maxTries` wrong codes, a new one is made and printed. Only hashes of
 * tokens are kept, in `<home>/paired.json`, so pairing survives restarts.
 */
export class Pairing {
  private code = '';
  private wrongTries = 0;
  private clients: PairedClient[];
  private readonly file: string;

  constructor(
    home: string,
    private readonly announce: (code: string) => void,
    private readonly maxTries = 5,
  ) {
    this.file = path.join(home, 'paired.json');
    this.clients = this.load();
    this.newCode(false);
  }

  /** Prints the current code (at start-up, once the agent is listening). */
  announceCode(): void {
    this.announce(this.code);
  }

  pair(code: string, origin: string): string {
    if (!timingSafeEqualString(code.trim(), this.code)) {
      this.wrongTries++;
      const triesLeft = Math.max(0, this.maxTries - this.wrongTries);
      if (triesLeft === 0) this.newCode();
      throw new AgentError('BAD_PAIRING_CODE', { triesLeft });
    }
    const token = crypto.randomBytes(32).toString('base64url');
    this.clients.push({ tokenSha256: sha256Hex(token), origin, pairedAt: new Date().toISOString() });
    this.save();
    this.newCode();
    return token;
  }

  /** Whether `authorization` ("Bearer <token>") belongs to a paired client. */
  isPaired(authorization: string | undefined): boolean {
    const token = /^Bearer\s+([A-Za-z0-9_-]{16,128})$/i.exec(authorization?.trim() ?? '')?.[1];
    if (!token) return false;
    const hash = Buffer.from(sha256Hex(token), 'hex');
    return this.clients.some((c) => crypto.timingSafeEqual(Buffer.from(c.tokenSha256, 'hex'), hash));
  }

  private newCode(announce = true): void {
    this.code = crypto.randomInt(0, 1_000_000).toString().padStart(6, '0');
    this.wrongTries = 0;
    if (announce) this.announce(this.code);
  }

  private load(): PairedClient[] {
    try {
      const data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { clients?: PairedClient[] };
      return (data.clients ?? []).filter((c) => /^[0-9a-f]{64}$/.test(c.tokenSha256));
    } catch {
      return [];
    }
  }

  private save(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify({ clients: this.clients }, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }
}

function sha256Hex(s: string): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}

function timingSafeEqualString(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}
