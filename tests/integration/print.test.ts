import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { loggedIn, type ApiClient } from '../support/api-client.js';
import { formatDmy, istDate } from '../../backend/src/shared/dates.js';

/**
 * What offices print (issue 14, item 6), through the HTTP API on the real system: the diary
 * register, the acknowledgement slip, a receipt's cover sheet, the notesheet, the file cover, the
 * dispatch register and the sent register — each read back with poppler (pdftotext -layout for the
 * words as typed, pdfinfo for the page size, pdftoppm to be sure it rasterises), in Hindi and
 * English; each only for whoever may see what it prints (others: 404), graded prints audited; and
 * the acknowledgement SMS in the letter's language (item 12).
 */
let system: TestSystem;
let base: string;
let dak: ApiClient;
let dakHi: ApiClient;
let reader: ApiClient;
let readerHi: ApiClient;
let sp: ApiClient;
let outsider: ApiClient;
let posts: Record<string, string>;
const today = istDate();
const dir = mkdtempSync(path.join(os.tmpdir(), 'print-'));
const LONG_PREFIX = 'PBT/SP/CRU-RECEIPT-AND-ISSUE-SECTION';
const HINDI_SUBJECT = 'थाना कोतवाली क्षेत्र में भूमि विवाद के संबंध में शिकायती प्रार्थना पत्र';

const q = (sql: string, params: unknown[] = []) => system.deps.pool.query(sql, params).then((r) => r.rows);

interface Pdf {
  bytes: Buffer;
  file: string;
  /** The text as laid out (pdftotext -layout): numbers and dates must come out whole, on one line. */
  text: (page?: number) => string;
  /** The text in drawing order, whitespace collapsed: phrases whose words a table cell wraps (headers) read as one. */
  words: (page?: number) => string;
  info: () => string;
  pages: () => number;
}

/** GETs a PDF and keeps it for poppler. */
async function pdfOf(client: ApiClient, url: string): Promise<Pdf> {
  const res = await fetch(base + url, { headers: { cookie: client.cookieHeader(), 'accept-language': client.lang } });
  expect(res.status, `${url}: ${res.status} ${res.status !== 200 ? await res.text() : ''}`).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="[A-Za-z0-9._-]+\.pdf"/);
  expect(res.headers.get('cache-control')).toMatch(/no-store/);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const file = path.join(dir, `${randomUUID()}.pdf`);
  writeFileSync(file, bytes);
  const text = (page?: number) =>
    execFileSync('pdftotext', ['-layout', ...(page ? ['-f', String(page), '-l', String(page)] : []), file, '-'], { encoding: 'utf8' });
  const words = (page?: number) =>
    squash(execFileSync('pdftotext', ['-raw', ...(page ? ['-f', String(page), '-l', String(page)] : []), file, '-'], { encoding: 'utf8' }));
  const info = () => execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return { bytes, file, text, words, info, pages: () => Number(/Pages:\s+(\d+)/.exec(info())![1]) };
}

/** Page 1 rasterised by poppler at 50 dpi: it must produce an image. */
function rasterises(pdf: Pdf) {
  const out = path.join(dir, randomUUID());
  execFileSync('pdftoppm', ['-r', '50', '-f', '1', '-l', '1', '-gray', pdf.file, out]);
  const made = readdirSync(dir).filter((f) => f.startsWith(path.basename(out)));
  expect(made.length).toBe(1);
}

const pageSize = (pdf: Pdf) => {
  const m = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(pdf.info())!;
  return { width: Number(m[1]), height: Number(m[2]) };
};
const landscape = (pdf: Pdf) => pageSize(pdf).width > pageSize(pdf).height;
const squash = (s: string) => s.replace(/\s+/g, ' ');

async function register(client: ApiClient, subject: string, extra: Record<string, unknown> = {}) {
  const res = await client.post('/api/receipts', {
    receivedDate: today,
    mode: 'post',
    sender: 'Additional SP, Bareilly',
    letterNumber: 'ASP/117/2026',
    letterDate: '2026-11-14',
    subject,
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

beforeAll(async () => {
  system = await bootSystem();
  base = system.url!;
  [dak, dakHi, reader, readerHi, sp, outsider] = await Promise.all([
    loggedIn(base, 'dak.sp'),
    loggedIn(base, 'dak.sp', 'hi'),
    loggedIn(base, 'reader.sp'),
    loggedIn(base, 'reader.sp', 'hi'),
    loggedIn(base, 'sp'),
    loggedIn(base, 'sho.kotwali'),
  ]);
  posts = Object.fromEntries((await dak.get('/api/org/posts?pageSize=200')).body.items.map((p: any) => [p.code, p.id]));
  // a long diary-number prefix: numbers must still print whole
  const admin = await loggedIn(base, 'admin');
  const office = (await admin.get('/api/org/offices')).body.items.find((o: any) => o.code === 'PBT-SP');
  const patched = await admin.patch(`/api/org/offices/${office.id}`, { version: office.version, numberPrefix: LONG_PREFIX });
  expect(patched.status, JSON.stringify(patched.body)).toBe(200);
});
afterAll(async () => system?.stop());

describe('the diary register', () => {
  let first: any;
  let hindi: any;
  let toReader: any;
  beforeAll(async () => {
    first = await register(dak, 'Theft of a motorcycle near the bus stand, Kotwali');
    hindi = await register(dak, HINDI_SUBJECT, { mode: 'by_hand', sender: 'रामपाल सिंह, ग्राम बरखेड़ा', language: 'hi' });
    toReader = await register(dak, 'Verification of tenants, civil lines');
    const sent = await dak.post(`/api/receipts/${toReader.receipt.id}/send`, {
      version: toReader.receipt.version,
      toPostId: posts['PBT-SP-READER'],
      copyTo: [posts['PBT-SP-ASP']],
    });
    expect(sent.status).toBe(200);
    // enough entries for a second page
    const more = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        dak.post('/api/receipts', {
          receivedDate: today,
          mode: 'post',
          sender: `Sender number ${i}`,
          subject: `Routine letter ${i} about the weekly crime review meeting and the patrolling schedule of the city circle`,
        }),
      ),
    );
    expect(more.every((r) => r.status === 201)).toBe(true);
  });

  it('lists the office’s entries in diary order as JSON; another post sees only what it may see', async () => {
    const desk = (await dak.get('/api/dak/diary-register?pageSize=200')).body;
    expect(desk).toMatchObject({ from: today, to: today, office: { code: 'PBT-SP' } });
    expect(desk.total).toBeGreaterThanOrEqual(43);
    const numbers = desk.items.map((e: any) => e.diaryNumber);
    expect(numbers).toEqual([...numbers].sort());
    const entry = desk.items.find((e: any) => e.id === toReader.receipt.id);
    expect(entry).toMatchObject({
      withheld: false,
      markedTo: { code: 'PBT-SP-READER' },
      copies: [{ code: 'PBT-SP-ASP' }],
      letterDate: '2026-11-14',
    });
    const mine = (await reader.get('/api/dak/diary-register?pageSize=200')).body;
    expect(mine.items.map((e: any) => e.id)).toEqual([toReader.receipt.id]);
    expect((await outsider.get('/api/dak/diary-register?pageSize=200')).body.items).toEqual([]);
    const bad = await dak.get(`/api/dak/diary-register?from=${today}&to=2020-01-01`);
    expect(bad.status).toBe(400);
  });

  it('prints in English: landscape, the register’s columns, numbers and dates whole, the header on every page', async () => {
    const pdf = await pdfOf(dak, `/api/dak/diary-register/export?from=${today}&to=${today}`);
    expect(landscape(pdf)).toBe(true);
    expect(pdf.pages()).toBeGreaterThanOrEqual(2);
    const text = pdf.text();
    expect(first.diaryNumber.startsWith(`${LONG_PREFIX}/`)).toBe(true);
    expect(text).toContain(first.diaryNumber); // on one line, uncut
    expect(text).toContain(formatDmy(today));
    expect(text).toContain('ASP/117/2026');
    expect(text).toContain(formatDmy('2026-11-14'));
    const words = pdf.words();
    for (const h of [
      'Diary register',
      'Diary no.',
      'Received on',
      'Mode',
      'Sender (correspondent)',
      'Letter no. & date',
      'Subject',
      'Marked to',
      'Remarks',
    ])
      expect(words).toContain(h);
    expect(words).toContain('Reader to SP');
    expect(text).not.toContain('…');
    // the header row again at the top of page 2
    const page2 = pdf.words(2);
    for (const h of ['Diary no.', 'Received on', 'Letter no. & date', 'Subject', 'Marked to', 'Remarks']) expect(page2).toContain(h);
    rasterises(pdf);
  });

  it('prints in Hindi: the Hindi subject copies out as typed, headers in Hindi; CSV too', async () => {
    const pdf = await pdfOf(dakHi, '/api/dak/diary-register/export');
    const words = pdf.words();
    expect(words).toContain(HINDI_SUBJECT);
    expect(words).toContain('रामपाल सिंह');
    for (const h of ['डायरी संख्या', 'प्राप्ति दिनांक', 'माध्यम', 'विषय', 'किसे अंकित', 'अभ्युक्ति', 'डायरी रजिस्टर', 'पत्रांक एवं दिनांक'])
      expect(words).toContain(h);
    expect(words).toContain('दस्ती');
    expect(pdf.text()).toContain(hindi.diaryNumber);
    expect(pdf.words(2)).toContain('प्राप्ति दिनांक');
    rasterises(pdf);
    const csv = await dakHi.get('/api/dak/diary-register/export?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="diary-register-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(csv.body).toContain(HINDI_SUBJECT);
  });
});

describe('the acknowledgement slip (and SMS) of a hand-delivered letter', () => {
  it('is offered when diarising, printed in the letter’s language on A5, and the SMS is queued in Hindi', async () => {
    const made = await register(dak, HINDI_SUBJECT, {
      mode: 'by_hand',
      sender: 'श्यामलाल, ग्राम ढकिया',
      language: 'hi',
      senderMobile: '9876543210',
      senderEmail: 'shyam@example.org',
      acknowledge: true,
    });
    expect(made.acknowledgementSlip).toBe(`/api/receipts/${made.receipt.id}/print/acknowledgement`);
    // the clerk works in English; the letter is Hindi, so is the slip
    const pdf = await pdfOf(dak, made.acknowledgementSlip);
    const size = pageSize(pdf);
    expect([Math.round(size.width), Math.round(size.height)]).toEqual([420, 595]);
    const text = pdf.text();
    expect(text).toContain('पावती');
    expect(text).toContain(made.diaryNumber);
    expect(text).toMatch(new RegExp(`${formatDmy(today).replace(/\./g, '\\.')} \\d{2}:\\d{2}`));
    expect(squash(text)).toContain(squash(HINDI_SUBJECT));
    expect(text).toContain('श्यामलाल');
    expect(text).toContain('डाक लिपिक, पुलिस अधीक्षक कार्यालय');
    rasterises(pdf);
    const en = (await pdfOf(dak, `${made.acknowledgementSlip}?lang=en`)).text();
    expect(en).toContain('Acknowledgement');
    expect(en).toContain('Dak Clerk, SP Office');
    expect(en).toContain(made.diaryNumber);

    const sms = await q(`select channel, body, subject from outbox_message where related_id = $1 order by channel`, [made.receipt.id]);
    expect(sms.map((m) => m.channel)).toEqual(['email', 'sms']);
    for (const m of sms) {
      expect(m.body).toContain('आपका पत्र ASP/117/2026');
      expect(m.body).toContain('14.11.2026');
      expect(m.body).toContain(made.diaryNumber);
      expect(m.body).not.toMatch(/Your letter|2026-11-14/);
    }
  });

  it('an English letter is acknowledged in English even by a clerk working in Hindi; a post-delivered one offers no slip', async () => {
    const made = await register(dakHi, 'Request for a copy of the FIR', {
      sender: 'R. K. Sharma, Advocate',
      senderMobile: '9876543211',
      acknowledge: true,
    });
    expect(made.acknowledgementSlip).toBeNull();
    const [sms] = await q(`select body from outbox_message where related_id = $1`, [made.receipt.id]);
    expect(sms.body).toMatch(
      /^Your letter ASP\/117\/2026 dated 14\.11\.2026 has been received at Office of the Superintendent of Police, Pilibhit/,
    );
  });

  it('is 404 for a post that may not see the receipt', async () => {
    const made = await register(dak, 'Hand-delivered petition', { mode: 'by_hand' });
    const res = await outsider.get(made.acknowledgementSlip);
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('NOT_FOUND');
  });
});

describe('a receipt’s cover sheet', () => {
  it('shows the particulars and the movement so far, in English and Hindi; graded prints are audited; outsiders get 404', async () => {
    const made = await register(dak, HINDI_SUBJECT, {
      grading: 'confidential',
      priority: 'most_immediate',
      dueDate: '2099-01-31',
      remarks: 'Original enclosed',
    });
    const sent = await dak.post(`/api/receipts/${made.receipt.id}/send`, {
      version: made.receipt.version,
      toPostId: posts['PBT-SP-READER'],
      remarks: 'Please put up today',
    });
    expect(sent.status).toBe(200);
    const url = `/api/receipts/${made.receipt.id}/print/cover-sheet`;
    const en = await pdfOf(reader, url);
    const text = en.text();
    expect(text).toContain(made.diaryNumber);
    for (const s of [
      'Receipt cover sheet',
      'Confidential',
      'Most immediate',
      '31.01.2099',
      'Movement so far',
      'Please put up today',
      'Reader to SP',
      'Dak Clerk, SP Office',
    ])
      expect(text).toContain(s);
    expect(text).toMatch(new RegExp(`${formatDmy(today).replace(/\./g, '\\.')} \\d{2}:\\d{2}`));
    expect(squash(text)).toContain(squash(HINDI_SUBJECT));
    rasterises(en);
    const hi = (await pdfOf(readerHi, url)).text();
    for (const s of ['प्राप्ति आवरण पृष्ठ', 'गोपनीय', 'अति तत्काल', 'अब तक का संचलन', 'वाचक (पुलिस अधीक्षक)', 'भेजा']) expect(hi).toContain(s);
    const audit = await q(`select action, details from audit_event where object_id = $1 and action = 'receipt.print'`, [made.receipt.id]);
    expect(audit.length).toBe(2);
    expect(audit[0].details).toMatchObject({ document: 'cover-sheet', grading: 'confidential' });
    expect((await outsider.get(url)).status).toBe(404);
    expect((await sp.get(url)).status).toBe(404);
  });
});

describe('the notesheet and the file cover', () => {
  let file: any;
  beforeAll(async () => {
    const made = await register(dak, 'Complaint against a private security agency');
    const sent = await dak.post(`/api/receipts/${made.receipt.id}/send`, {
      version: made.receipt.version,
      toPostId: posts['PBT-SP-READER'],
    });
    expect(sent.status).toBe(200);
    const r = (await reader.get(`/api/receipts/${made.receipt.id}`)).body;
    const head = (await reader.get('/api/file-heads')).body.items.find((h: any) => h.code === 'CRIME');
    file = (
      await reader.post('/api/files', {
        headId: head.id,
        subject: 'निजी सुरक्षा एजेंसी के विरुद्ध शिकायत',
        grading: 'confidential',
        receiptId: r.id,
        receiptVersion: r.version,
      })
    ).body;
    file = (
      await reader.post(`/api/files/${file.id}/notes`, {
        version: file.version,
        body: '<p>कृपया <a data-page="1">p. 1/C</a> पर प्राप्त शिकायत का अवलोकन करें। एजेंसी का लाइसेंस जाँच हेतु मँगाया जाए।</p>',
      })
    ).body;
    file = (
      await reader.post(`/api/files/${file.id}/notes`, {
        version: file.version,
        body: '<p>Submitted for orders.</p><ul><li>Licence to be verified</li><li>Report from SHO Kotwali</li></ul>',
      })
    ).body;
    const moved = await reader.post(`/api/files/${file.id}/send`, { version: file.version, toPostId: posts['PBT-SP-SP'] });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    file = (await sp.get(`/api/files/${file.id}`)).body;
    file = (await sp.post(`/api/files/${file.id}/notes`, { version: file.version, body: '<p>Yellow draft of the SP, not yet final.</p>' }))
      .body;
  });

  it('prints the green notes as numbered paragraphs with author, designation and date; references as p. 12/C', async () => {
    const pdf = await pdfOf(sp, `/api/files/${file.id}/print/notesheet`);
    const text = pdf.text();
    expect(text).toContain('Notesheet');
    expect(text).toContain(file.fileNumber);
    expect(squash(text)).toContain('1. कृपया p. 1/C पर प्राप्त शिकायत का अवलोकन करें।');
    expect(text).toMatch(/2\.\s+Submitted for orders\./);
    expect(text).toContain('• Licence to be verified');
    expect(text).toContain('Suresh Chandra Verma');
    expect(text).toContain('Reader to SP');
    expect(text).toMatch(new RegExp(`${formatDmy(today).replace(/\./g, '\\.')} \\d{2}:\\d{2}`));
    expect(text).not.toContain('Yellow draft');
    rasterises(pdf);
    const hi = (await pdfOf(readerHi, `/api/files/${file.id}/print/notesheet`)).text();
    expect(hi).toContain('टिप्पणी पृष्ठ');
    expect(squash(hi)).toContain('कृपया पृ. 1/प पर प्राप्त शिकायत');
    expect(hi).toContain('सुरेश चंद्र वर्मा');
    expect(hi).toContain('वाचक (पुलिस अधीक्षक)');
  });

  it('prints the file cover in both languages', async () => {
    const pdf = await pdfOf(reader, `/api/files/${file.id}/print/cover`);
    const text = pdf.text();
    for (const s of ['File cover', file.fileNumber, 'Confidential', 'Main file', formatDmy(today), 'Reader to SP'])
      expect(text).toContain(s);
    expect(text).toContain('निजी सुरक्षा एजेंसी के विरुद्ध शिकायत');
    expect(text).toMatch(/CRIME — /);
    rasterises(pdf);
    const hi = (await pdfOf(readerHi, `/api/files/${file.id}/print/cover`)).text();
    for (const s of ['पत्रावली आवरण', 'गोपनीय', 'मुख्य पत्रावली', 'खोलने की तिथि']) expect(hi).toContain(s);
  });

  it('is 404 for outsiders, and printing the graded file is audited', async () => {
    for (const doc of ['notesheet', 'cover']) {
      for (const who of [outsider, dak]) {
        const res = await who.get(`/api/files/${file.id}/print/${doc}`);
        expect(res.status, doc).toBe(404);
        expect(res.body.error).toBe('NOT_FOUND');
      }
    }
    const audit = await q(`select details from audit_event where object_id = $1 and action = 'file.print' order by seq`, [file.id]);
    expect(audit.map((a) => a.details.document)).toEqual(['notesheet', 'notesheet', 'cover', 'cover']);
  });
});

describe('the dispatch register', () => {
  it('prints the office’s issued letters, landscape, in both languages; another office’s are not in it', async () => {
    const head = (await reader.get('/api/file-heads')).body.items.find((h: any) => h.code === 'CRIME');
    const f = (await reader.post('/api/files', { headId: head.id, subject: 'Security arrangements for Holi' })).body;
    const d = (
      await reader.post(`/api/files/${f.id}/drafts`, { version: f.version, subject: 'होली पर्व पर सुरक्षा व्यवस्था', body: '<p>Text</p>' })
    ).body;
    const [{ id: user }] = await q(`select id from app_user where username = 'reader.sp'`);
    const [{ office_id: office }] = await q(`select office_id from post where id = $1`, [posts['PBT-SP-READER']]);
    const year = Number(today.slice(0, 4));
    for (let i = 1; i <= 30; i++) {
      await q(
        `insert into dispatch_entry (id, office_id, year, serial, issue_number, file_id, draft_id, subject, addressee, mode, recipients, status, letter_date, created_by_post_id, created_by_user_id,
                 created_at, issued_at, signers, object_key, document_hashes, content_hash, qr_token, dispatched_at, dispatch_reference, version)
               values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'registered_post', '[]', 'issued_dispatched', $10, $11, $12, now(), now(), '[]', null, '{}', $13, 'x', now(), $14, 1)`,
        [
          randomUUID(),
          office,
          year,
          1000 + i,
          `${LONG_PREFIX}/D-${1000 + i}/${year}`,
          f.id,
          d.id,
          i === 1
            ? 'होली पर्व पर सुरक्षा व्यवस्था'
            : `Letter ${i} on the arrangements for the festival season in every police station of the district`,
          'समस्त थानाध्यक्ष, जनपद पीलीभीत',
          today,
          posts['PBT-SP-READER'],
          user,
          'a'.repeat(64),
          `RP-EN-${4000 + i}-IN`,
        ],
      );
    }
    const pdf = await pdfOf(sp, '/api/dispatch/export');
    expect(landscape(pdf)).toBe(true);
    const text = pdf.text();
    for (const s of [`${LONG_PREFIX}/D-1001/${year}`, 'RP-EN-4001-IN', formatDmy(today), f.fileNumber]) expect(text).toContain(s);
    for (const s of [
      'Dispatch register',
      'Issue no.',
      'Addressee',
      'Dispatch reference',
      'Registered post',
      'Issued & dispatched',
      'होली पर्व पर सुरक्षा व्यवस्था',
    ])
      expect(pdf.words()).toContain(s);
    expect(pdf.pages()).toBeGreaterThan(1);
    expect(pdf.words(2)).toContain('Issue no. Date Addressee Subject Mode Dispatch reference Status File no. Dispatched on');
    rasterises(pdf);
    const hi = (await pdfOf(readerHi, '/api/dispatch/export')).words();
    for (const s of ['प्रेषण (डिस्पैच) रजिस्टर', 'निर्गम संख्या', 'पंजीकृत डाक', 'जारी एवं प्रेषित']) expect(hi).toContain(s);
    const csv = await sp.get('/api/dispatch/export?format=csv');
    expect(csv.body).toContain('RP-EN-4001-IN');
    const other = (await pdfOf(outsider, '/api/dispatch/export')).text();
    expect(other).not.toContain(`${LONG_PREFIX}/D-1001`);
  });
});

describe('the sent register', () => {
  it('lists what the post sent with exact times; exports CSV (formula-safe) and a landscape PDF', async () => {
    const made = await register(dak, '=HYPERLINK("http://evil.example","click")');
    await dak.post(`/api/receipts/${made.receipt.id}/send`, {
      version: made.receipt.version,
      toPostId: posts['PBT-SP-READER'],
      remarks: 'For necessary action',
      copyTo: [posts['PBT-SP-SP']],
    });
    const list = (await dak.get('/api/dak/sent-register?pageSize=200')).body;
    const rows = list.items.filter((e: any) => e.receiptId === made.receipt.id);
    expect(rows.map((e: any) => e.kind).sort()).toEqual(['copy', 'send']);
    const send = rows.find((e: any) => e.kind === 'send');
    expect(send).toMatchObject({
      to: { code: 'PBT-SP-READER' },
      remarks: 'For necessary action',
      diaryNumber: made.diaryNumber,
      openedAt: null,
      holder: { code: 'PBT-SP-READER' },
    });
    expect(send.sentAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const csv = await dak.get('/api/dak/sent-register/export?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.body).toContain(`'=HYPERLINK`);
    expect(csv.body).toMatch(new RegExp(`${formatDmy(today).replace(/\./g, '\\.')} \\d{2}:\\d{2}:\\d{2}`));
    const pdf = await pdfOf(dakHi, '/api/dak/sent-register/export');
    expect(landscape(pdf)).toBe(true);
    const text = pdf.text();
    for (const s of ['प्रेषित रजिस्टर', 'भेजने का समय', 'सूचनार्थ प्रति', made.diaryNumber]) expect(text).toContain(s);
    rasterises(pdf);
    expect((await outsider.get('/api/dak/sent-register?pageSize=200')).body.items).toEqual([]);
  });
});
