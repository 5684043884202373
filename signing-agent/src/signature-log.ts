import fs from 'node:fs';
import path from 'node:path';

export interface SignatureRecord {
  time: string;
  title: string;
  /** hex SHA-256 that was signed */
  digest: string;
  subject: string;
  serialNumber: string;
  certificateId: string;
  origin: string;
}

/**
 * What the officer's key signed, for the officer: one line on the console and one JSON line in
 * `<home>/signatures.log` per signature.
 */
export class SignatureLog {
  readonly file: string;

  constructor(
    home: string,
    private readonly print: (line: string) => void,
  ) {
    this.file = path.join(home, 'signatures.log');
  }

  record(r: Omit<SignatureRecord, 'time'>): void {
    this.recordAll([r]);
  }

  /** A batch is written in one append (one line per signature), before the signatures are answered. */
  recordAll(rs: Omit<SignatureRecord, 'time'>[]): void {
    if (!rs.length) return;
    const time = new Date().toISOString();
    fs.appendFileSync(this.file, rs.map((r) => `${JSON.stringify({ time, ...r })}\n`).join(''), { mode: 0o600 });
    this.print(
      rs.map((r) => `Signed / हस्ताक्षरित: "${oneLine(r.title)}" sha256=${r.digest} by ${r.subject} (serial ${r.serialNumber})`).join('\n'),
    );
  }
}

function oneLine(s: string): string {
  return s.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '');
}
