/**
 * The soak's simulated people: each a loop of think time and the actions of its role, over the real
 * HTTP API with its own browser-like session (kit's BenchClient). Several may share one demo login,
 * each with a session of its own, as colleagues on one post's inbox do — two of them acting on the
 * same item is expected and answers 409 (counted as a conflict, not an error).
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type pg from 'pg';
import sharp from 'sharp';
import { BenchClient } from '../bench/kit.js';
import { lastSms } from '../support/citizen.js';
import type { SoakStats } from './stats.js';

export type Role = 'dak' | 'officer' | 'senior' | 'dashboard' | 'citizen' | 'authority' | 'checkpoint';

/** Each role's share of the users (at least one each when there are enough users). */
export const ROLE_MIX: Array<[Role, number]> = [
  ['dak', 0.18],
  ['officer', 0.22],
  ['senior', 0.1],
  ['dashboard', 0.1],
  ['citizen', 0.22],
  ['authority', 0.12],
  ['checkpoint', 0.06],
];

/** Who works with whom: a dak desk sends to its officers, who open files and put them up to the senior post. */
const DESKS = [
  { dak: 'dak.sp', officers: ['reader.sp', 'crime.sp'], toPosts: ['PBT-SP-READER', 'PBT-SP-CRIME'], senior: 'sp', seniorPost: 'PBT-SP-SP' },
  { dak: 'munshi.kotwali', officers: ['sho.kotwali'], toPosts: ['PBT-PS-KOTWALI-SHO'], senior: 'co.city', seniorPost: 'PBT-CO-CITY-CO' },
];
const DASHBOARD_LOGINS = ['sp', 'dm', 'asp'];
/** E-passes from a locality of a tehsil to another place in the district go to that tehsil's SDM. */
const AUTHORITIES = [
  { login: 'sdm.sadar', from: 'PBT-L-KHAKRA' },
  { login: 'sdm.bisalpur', from: 'PBT-L-BISALPUR' },
];
const CHECKPOINT_LOGINS = ['check.bareilly-border'];
const TO_AREA = 'PBT-L-SUNGARHI';

/** Shared by all the simulated users: ids looked up once, references decided (for the checkpoints). */
export interface World {
  base: URL;
  db: pg.Pool;
  password: string;
  stats: SoakStats;
  posts: Map<string, string>;
  areas: Map<string, string>;
  /** Reference numbers the authorities approved (their applicants then fetch the pass). */
  approvedRefs: Set<string>;
  /** Pass tokens the applicants hold (what their QR codes carry), for the checkpoints to verify. */
  passTokens: string[];
  /** Share of dak actions that upload a generated scan (0 to 1). */
  scanShare: number;
  thinkMs: number;
  deadline: number;
  /** The next citizen's mobile number. */
  nextMobile: number;
  /** Staff sign in a few at a time (see `signInGate`). */
  signIn: <T>(fn: () => Promise<T>) => Promise<T>;
}

/**
 * At most `n` sign-ins in flight. The login throttle counts an attempt before its password is checked
 * (LOGIN_MAX_FAILURES per account, LOGIN_IP_MAX_FAILURES per address): a burst of simultaneous right
 * passwords from one address beyond those counts is refused as if guessed, so people arrive a few at a time.
 */
export function signInGate(n: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await fn();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}

const rnd = (n: number) => Math.floor(Math.random() * n);
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const istToday = () => new Date(Date.now() + 5.5 * 3600_000).toISOString().slice(0, 10);
const plusDays = (n: number) => new Date(Date.parse(`${istToday()}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const words = [
  'theft',
  'missing person',
  'arms licence',
  'complaint',
  'traffic',
  'land dispute',
  'verification',
  'noise',
  'fraud',
  'road accident',
];
const subject = () => `Soak: ${pick(words)} ${randomBytes(3).toString('hex')}`;

/** A simulated person: one session, one role, a loop of think time and actions until the deadline. */
export class SimUser {
  readonly client: BenchClient;
  private state: Record<string, any> = {};

  constructor(
    readonly world: World,
    readonly role: Role,
    readonly login: string,
    readonly index: number,
  ) {
    this.client = new BenchClient(world.base, login, 'en');
  }

  /**
   * One request, timed and classified. `racy`: the item sits in an inbox other sessions work on too,
   * so a 422 (it moved meanwhile) counts as a conflict. Answers null unless 2xx.
   */
  async call(action: string, method: string, path: string, body?: unknown, racy = false): Promise<any> {
    const t0 = performance.now();
    try {
      const r = await this.client.request(method, path, body);
      return this.classify(action, r.status, r.body, performance.now() - t0, racy);
    } catch (err) {
      this.world.stats.record(action, performance.now() - t0, 'error', { status: 'network', detail: String(err) });
      return null;
    }
  }

  private classify(action: string, status: number, body: any, ms: number, racy: boolean) {
    const { stats } = this.world;
    if (status >= 200 && status < 300) {
      stats.record(action, ms, 'ok');
      return body ?? {};
    }
    if (status === 409 || (racy && (status === 422 || status === 404))) stats.record(action, ms, 'conflict');
    else if (status === 429) stats.record(action, ms, 'throttled');
    else stats.record(action, ms, 'error', { status, detail: JSON.stringify(body).slice(0, 300) });
    return null;
  }

  /** A multipart upload over the same session (BenchClient speaks JSON only): the form encoded as fetch would, sent over node:http. */
  private async upload(action: string, path: string, form: FormData): Promise<any> {
    const encoded = new Request('http://soak.invalid/', { method: 'POST', body: form });
    const payload = Buffer.from(await encoded.arrayBuffer());
    const t0 = performance.now();
    try {
      const { status, body } = await new Promise<{ status: number; body: any }>((resolve, reject) => {
        const req = http.request(
          {
            host: this.world.base.hostname,
            port: this.world.base.port,
            method: 'POST',
            path,
            headers: {
              ...this.client.headers,
              accept: 'application/json',
              'accept-language': 'en',
              'content-type': encoded.headers.get('content-type')!,
              'content-length': payload.length,
              cookie: [...this.client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
              'x-csrf-token': this.client.csrf,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (d: Buffer) => chunks.push(d));
            res.on('error', reject);
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              let parsed: any = text;
              try {
                parsed = JSON.parse(text);
              } catch {
                /* not JSON */
              }
              resolve({ status: res.statusCode ?? 0, body: parsed });
            });
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
      return this.classify(action, status, body, performance.now() - t0, false);
    } catch (err) {
      this.world.stats.record(action, performance.now() - t0, 'error', { status: 'network', detail: String(err) });
      return null;
    }
  }

  async start() {
    if (this.role === 'citizen') return this.citizenSignIn();
    return this.world.signIn(async () => {
      const t0 = performance.now();
      try {
        await this.client.login(this.world.password);
        this.world.stats.record('login', performance.now() - t0, 'ok');
        return true;
      } catch (err) {
        this.world.stats.record('login', performance.now() - t0, 'error', { status: 'login', detail: String(err).slice(0, 300) });
        return false;
      }
    });
  }

  async run() {
    // spread the start over one think time, so that not everybody acts in the same second
    await sleep(Math.random() * this.world.thinkMs);
    if (!(await this.start())) return;
    while (Date.now() < this.world.deadline) {
      await this.step();
      await sleep(this.world.thinkMs * (0.5 + Math.random()));
    }
  }

  close() {
    this.client.close();
  }

  private step(): Promise<unknown> {
    switch (this.role) {
      case 'dak':
        return this.dakStep();
      case 'officer':
        return this.officerStep();
      case 'senior':
        return this.seniorStep();
      case 'dashboard':
        return this.dashboardStep();
      case 'citizen':
        return this.citizenStep();
      case 'authority':
        return this.authorityStep();
      case 'checkpoint':
        return this.checkpointStep();
    }
  }

  // ---------------------------------------------------------------------------------------------- dak clerk

  private physical() {
    const today = istToday();
    return {
      receivedDate: today,
      mode: pick(['post', 'by_hand', 'courier']),
      sender: pick(['DIG, Bareilly Range', 'Additional SP, Bareilly', 'Gram Pradhan, Khakra', 'SHO Bisalpur']),
      letterNumber: `L/${rnd(9000) + 100}/${today.slice(0, 4)}`,
      letterDate: today,
      subject: subject(),
      priority: pick(['normal', 'normal', 'normal', 'immediate']),
    };
  }

  /** Diarises a letter (typed in, or scanned and then diarised) and sends it to one of the desk's officers. */
  private async dakStep() {
    const desk = DESKS.find((d) => d.dak === this.login)!;
    let receipt: any;
    if (Math.random() < this.world.scanShare) {
      // a unique small scan (the same bytes twice would be refused as a duplicate upload)
      const png = await sharp({
        create: { width: 320 + rnd(64), height: 240 + rnd(64), channels: 3, background: { r: rnd(256), g: rnd(256), b: rnd(256) } },
      })
        .png()
        .toBuffer();
      const form = new FormData();
      form.append('files', new Blob([new Uint8Array(png)], { type: 'image/png' }), `scan-${randomBytes(4).toString('hex')}.png`);
      const up = await this.upload('dak.upload-scan', '/api/receipts/scans', form);
      const draft = up?.receipts?.[0];
      if (!draft) return;
      const d = await this.call('dak.diarise-scan', 'POST', `/api/receipts/${draft.id}/diarise`, {
        ...this.physical(),
        version: draft.version,
      });
      if (!d) return;
      receipt = d.receipt ?? d;
    } else {
      const r = await this.call('dak.diarise', 'POST', '/api/receipts', this.physical());
      if (!r) return;
      receipt = r.receipt;
    }
    this.world.stats.ack({ kind: 'receipt', id: receipt.id, number: receipt.diaryNumber });
    const to = this.world.posts.get(pick(desk.toPosts))!;
    const sent = await this.call('dak.send', 'POST', `/api/receipts/${receipt.id}/send`, {
      version: receipt.version,
      toPostId: to,
      remarks: 'Please put up',
    });
    if (sent) this.world.stats.ack({ kind: 'receipt-send', id: receipt.id, ref: to });
  }

  // ---------------------------------------------------------------------------------------------- officer

  private async heads(): Promise<string | null> {
    if (!this.state.headId) {
      const h = await this.call('officer.file-heads', 'GET', '/api/file-heads');
      const items: any[] = h?.items ?? [];
      this.state.headId = (items.find((x) => x.code === 'GEN') ?? items[0])?.id ?? null;
    }
    return this.state.headId;
  }

  /** Opens the inbox; a receipt becomes a new file with a note (sometimes a draft reply) put up to the senior; a returned file is closed. */
  private async officerStep() {
    const desk = DESKS.find((d) => d.officers.includes(this.login))!;
    const inbox = await this.call('officer.inbox', 'GET', '/api/inbox?pageSize=50');
    const items: any[] = inbox?.items ?? [];
    const files = items.filter((i) => i.type === 'file');
    const receipts = items.filter((i) => i.type === 'receipt');
    if (files.length && (Math.random() < 0.5 || !receipts.length)) {
      const f = await this.call('officer.open-file', 'GET', `/api/files/${pick(files).id}`, undefined, true);
      if (!f || !f.abilities?.close) return;
      const closed = await this.call(
        'officer.close-file',
        'POST',
        `/api/files/${f.id}/close`,
        { version: f.version, remarks: 'Action complete' },
        true,
      );
      if (closed) this.world.stats.ack({ kind: 'file-return', id: f.id, state: 'closed' });
      return;
    }
    if (!receipts.length) return;
    const r = await this.call('officer.open-receipt', 'GET', `/api/receipts/${pick(receipts).id}`, undefined, true);
    if (!r || r.status !== 'diarised') return;
    const headId = await this.heads();
    if (!headId) return;
    let file = await this.call(
      'officer.open-file-from-receipt',
      'POST',
      '/api/files',
      { headId, subject: `File: ${r.subject}`, receiptId: r.id, receiptVersion: r.version },
      true,
    );
    if (!file) return;
    this.world.stats.ack({ kind: 'file', id: file.id, number: file.fileNumber });
    // from here on the new file is in the post's inbox, which the other sessions of this login work too (one may close it)
    file = await this.call(
      'officer.note',
      'POST',
      `/api/files/${file.id}/notes`,
      {
        version: file.version,
        body: `<p>Kindly see <a data-page="1">p. 1/C</a>. Put up for orders. ${randomBytes(2).toString('hex')}</p>`,
      },
      true,
    );
    if (!file) return;
    const note = file.notes?.[file.notes.length - 1];
    if (note) this.world.stats.ack({ kind: 'note', id: note.id, ref: file.id });
    if (Math.random() < 0.4) {
      const draft = await this.call(
        'officer.draft',
        'POST',
        `/api/files/${file.id}/drafts`,
        {
          version: file.version,
          subject: 'Reply to the sender',
          addressee: 'The sender',
          body: '<p>Your letter has been examined and action is being taken.</p>',
        },
        true,
      );
      if (!draft) return;
      this.world.stats.ack({ kind: 'draft', id: draft.id, ref: file.id });
      file = await this.call('officer.open-file', 'GET', `/api/files/${file.id}`, undefined, true);
      if (!file) return;
    }
    const to = this.world.posts.get(desk.seniorPost)!;
    const sent = await this.call(
      'officer.send-file',
      'POST',
      `/api/files/${file.id}/send`,
      { version: file.version, toPostId: to, remarks: 'Put up for orders' },
      true,
    );
    if (sent) this.world.stats.ack({ kind: 'file-send', id: file.id, ref: to });
  }

  // ---------------------------------------------------------------------------------------------- senior officer

  /** Opens a file put up to the post, writes an order, approves a pending draft, returns the file. */
  private async seniorStep() {
    const inbox = await this.call('senior.inbox', 'GET', '/api/inbox?type=file&pageSize=50');
    const items: any[] = inbox?.items ?? [];
    if (!items.length) return;
    let file = await this.call('senior.open-file', 'GET', `/api/files/${pick(items).id}`, undefined, true);
    if (!file || !file.abilities?.send) return;
    file = await this.call(
      'senior.note',
      'POST',
      `/api/files/${file.id}/notes`,
      { version: file.version, body: '<p>Seen. Approved.</p>' },
      true,
    );
    if (!file) return;
    const note = file.notes?.[file.notes.length - 1];
    if (note) this.world.stats.ack({ kind: 'note', id: note.id, ref: file.id });
    for (const d of (file.drafts ?? []).filter((x: any) => x.status === 'draft')) {
      const draft = await this.call('senior.open-draft', 'GET', `/api/files/${file.id}/drafts/${d.id}`, undefined, true);
      if (!draft?.abilities?.approve) continue;
      const ok = await this.call(
        'senior.approve-draft',
        'POST',
        `/api/files/${file.id}/drafts/${d.id}/approve`,
        { version: draft.version },
        true,
      );
      if (ok) this.world.stats.ack({ kind: 'draft-approve', id: d.id, ref: file.id });
    }
    file = await this.call('senior.open-file', 'GET', `/api/files/${file.id}`, undefined, true);
    if (!file) return;
    const back = await this.call(
      'senior.return-file',
      'POST',
      `/api/files/${file.id}/return`,
      { version: file.version, remarks: 'Orders passed' },
      true,
    );
    if (back) this.world.stats.ack({ kind: 'file-return', id: file.id, state: 'returned' });
  }

  // ---------------------------------------------------------------------------------------------- SP / district head

  private async dashboardStep() {
    const k = rnd(3);
    if (k === 0) await this.call('dashboard.pendency-summary', 'GET', '/api/pendency/summary');
    else if (k === 1) await this.call('dashboard.pendency-items', 'GET', '/api/pendency/items');
    else {
      const month = istToday().slice(0, 7);
      const from = `${Number(month.slice(0, 4)) - (month.slice(5) === '01' ? 1 : 0)}-${month.slice(5) === '01' ? '12' : String(Number(month.slice(5)) - 1).padStart(2, '0')}`;
      await this.call('dashboard.rts', 'GET', `/api/rts/dashboard?from=${from}&to=${month}`);
    }
  }

  // ---------------------------------------------------------------------------------------------- citizen

  /** OTP to the mobile (read back from the SMS outbox, as the tests' SMS stub does), then the session. */
  private async citizenSignIn(): Promise<boolean> {
    const mobile = String(this.world.nextMobile++);
    // each citizen from an address of their own, as behind a load balancer that forwards it (TRUST_PROXY); ignored otherwise
    this.client.headers['x-forwarded-for'] = `10.${(this.index >> 16) & 255}.${(this.index >> 8) & 255}.${this.index & 255}`;
    this.state.mobile = mobile;
    this.state.refs = [] as string[];
    this.state.authority = AUTHORITIES[this.index % AUTHORITIES.length];
    const c = await this.call('citizen.csrf', 'GET', '/api/auth/csrf');
    if (!c) return false;
    this.client.csrf = c.token;
    if (!(await this.call('citizen.otp', 'POST', '/api/public/otp', { mobile }))) return false;
    let code: string | undefined;
    for (let i = 0; i < 50 && !code; i++) {
      code = /\b(\d{6})\b/.exec(await lastSms(this.world.db, mobile))?.[1];
      if (!code) await sleep(100);
    }
    if (!code) {
      this.world.stats.record('citizen.session', 0, 'error', { status: 'no OTP', detail: `no OTP in the outbox for ${mobile}` });
      return false;
    }
    return !!(await this.call('citizen.session', 'POST', '/api/public/session', { mobile, code }));
  }

  private async citizenStep() {
    const refs: string[] = this.state.refs;
    if (!refs.length || Math.random() < 0.35) {
      const { areas } = this.world;
      const res = await this.call('citizen.apply', 'POST', '/api/public/applications', {
        service: 'EPASS',
        confirmDuplicate: true,
        data: {
          name: 'Ramesh Kumar',
          mobile: this.state.mobile,
          category: pick(['medical', 'marriage', 'funeral']),
          from: { areaId: areas.get(this.state.authority.from), line: `House ${rnd(200) + 1}` },
          to: { areaId: areas.get(TO_AREA), line: 'Bazaar' },
          travelDate: plusDays(1 + rnd(6)),
          persons: 1 + rnd(4),
          idProof: { kind: 'aadhaar', number: '2345 6789 0123' },
        },
      });
      if (!res) return;
      this.world.stats.ack({ kind: 'application', id: res.id, number: res.referenceNumber });
      refs.push(res.referenceNumber);
      return;
    }
    const approved = refs.filter((r) => this.world.approvedRefs.has(r) && !this.state.passes?.has(r));
    if (approved.length && Math.random() < 0.5) {
      // the pass, issued on approval, with the signed token its QR code carries
      const r = approved[0]!;
      const doc = await this.call('citizen.pass', 'GET', `/api/public/applications/${encodeURIComponent(r)}/document`);
      if (doc?.token) {
        (this.state.passes ??= new Set<string>()).add(r);
        this.world.passTokens.push(doc.token);
      }
      return;
    }
    const ref = encodeURIComponent(pick(refs));
    if (Math.random() < 0.5) await this.call('citizen.track', 'GET', `/api/public/applications/${ref}`);
    else await this.call('citizen.status', 'GET', `/api/public/status/${ref}`);
  }

  // ---------------------------------------------------------------------------------------------- issuing authority

  private async authorityStep() {
    const inbox = await this.call('authority.queue', 'GET', '/api/inbox?type=appln&pageSize=50');
    const items: any[] = inbox?.items ?? [];
    if (!items.length) return;
    const a = await this.call('authority.open', 'GET', `/api/applications/${pick(items).id}`, undefined, true);
    if (!a) return;
    const reject = Math.random() < 0.2;
    const res = await this.call(
      reject ? 'authority.reject' : 'authority.approve',
      'POST',
      `/api/applications/${a.id}/actions/${reject ? 'reject' : 'approve'}`,
      reject ? { version: a.version, reason: 'notEssential' } : { version: a.version },
      true,
    );
    if (!res) return;
    this.world.stats.ack({ kind: 'decision', id: a.id, number: a.referenceNumber, state: reject ? 'rejected' : 'approved' });
    if (!reject) this.world.approvedRefs.add(a.referenceNumber);
  }

  // ---------------------------------------------------------------------------------------------- checkpoint

  private async checkpointStep() {
    if (!this.state.bundle || Math.random() < 0.1) {
      this.state.bundle = await this.call('checkpoint.bundle', 'GET', '/api/check/bundle');
      return;
    }
    const tokens = this.world.passTokens;
    if (!tokens.length) return;
    // a pass shown at the checkpoint: its QR's token verified online (the live revocation state, the holder's details)
    await this.call('checkpoint.verify', 'POST', '/api/check/verify', { token: pick(tokens) });
  }
}

/** The users of a run: the role mix over `n` users (each role at least once when n allows), logins round-robin within a role. */
export function makeUsers(world: World, n: number): SimUser[] {
  const counts = ROLE_MIX.map(([role, share]) => ({ role, k: Math.floor(share * n), rest: share * n - Math.floor(share * n) }));
  let left = n - counts.reduce((s, c) => s + c.k, 0);
  const byRest = [...counts].sort((a, b) => b.rest - a.rest);
  // every role at least once, then the rest by the largest remainders
  for (const zeroOnly of [true, false])
    for (const c of byRest) {
      if (left <= 0 || (zeroOnly && c.k > 0)) continue;
      c.k += 1;
      left -= 1;
    }
  const loginsOf: Record<Role, string[]> = {
    dak: DESKS.map((d) => d.dak),
    officer: DESKS.flatMap((d) => d.officers),
    senior: DESKS.map((d) => d.senior),
    dashboard: DASHBOARD_LOGINS,
    citizen: [''],
    authority: AUTHORITIES.map((a) => a.login),
    checkpoint: CHECKPOINT_LOGINS,
  };
  const users: SimUser[] = [];
  for (const { role, k } of counts)
    for (let i = 0; i < k; i++) users.push(new SimUser(world, role, loginsOf[role][i % loginsOf[role].length]!, i));
  return users;
}

/** The post and area codes the scenarios use, looked up once. */
export async function lookUpWorld(db: pg.Pool): Promise<{ posts: Map<string, string>; areas: Map<string, string> }> {
  const posts = new Map<string, string>((await db.query(`select code, id from post`)).rows.map((r) => [r.code, r.id]));
  const areas = new Map<string, string>((await db.query(`select code, id from area`)).rows.map((r) => [r.code, r.id]));
  for (const code of [...DESKS.flatMap((d) => [...d.toPosts, d.seniorPost])])
    if (!posts.has(code)) throw new Error(`post ${code} not found: the soak needs the demo district (DEMO_SEED=true)`);
  for (const code of [...AUTHORITIES.map((a) => a.from), TO_AREA]) if (!areas.has(code)) throw new Error(`area ${code} not found`);
  return { posts, areas };
}
