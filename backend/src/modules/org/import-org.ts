import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { transact, type Scope } from '../../shared/scope.js';
import { t } from '../../shared/i18n.js';
import { hashPassword } from '../../shared/password.js';
import { localiseIssues } from '../../http/validation.js';
import { CAPABILITIES } from '../../shared/actor.js';
import { ChargeSchema, OfficeSchema, OFFICE_KINDS, PostSchema, SectionSchema, UserSchema, CHARGE_TYPES } from './org.entity.js';
import { assertCan } from './org.policy.js';
import { isoDate, text as plainText } from '../../shared/schemas.js';
import { findUnsafeText } from '../../shared/text.js';

const text = (max: number) => plainText(max).min(1);
const code = plainText(60)
  .min(1)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/);
const opt = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());
const rowSchemas = {
  office: z.object({ code, name_en: text(200), name_hi: text(200), parent: opt(code), type: z.enum(OFFICE_KINDS), prefix: opt(text(40)) }),
  section: z.object({ code, name_en: text(200), name_hi: text(200), office: code }),
  post: z.object({
    code,
    name_en: text(200),
    name_hi: text(200),
    office: code,
    section: opt(code),
    capabilities: z
      .string()
      .transform((v) =>
        v
          .split(/[;|]/)
          .map((c) => c.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(CAPABILITIES))),
  }),
  user: z.object({
    username: z
      .string()
      .trim()
      .toLowerCase()
      .min(2)
      .max(60)
      .regex(/^[a-z0-9][a-z0-9._-]*$/),
    name_en: text(200),
    name_hi: text(200),
    mobile: opt(z.string().regex(/^(\+91)?[6-9]\d{9}$/)),
    email: opt(z.email()),
  }),
  charge: z.object({
    username: z.string().trim().toLowerCase().min(1),
    post: code,
    type: z.enum(CHARGE_TYPES),
    from: isoDate,
    to: opt(isoDate),
  }),
};
type Kind = keyof typeof rowSchemas;
type Rows = { [K in Kind]: Array<{ line: number; data: z.infer<(typeof rowSchemas)[K]> }> };

export interface ImportReport {
  ok: boolean;
  errors: Array<{ line: number; message: string }>;
  counts: Record<Kind, number>;
}

/**
 * Imports offices, sections, posts, users and charges from one CSV. Every line is checked first
 * (syntax, references to the file or the database, duplicates); if any line is bad nothing is
 * imported and every bad line is reported with its number and reason.
 */
export async function importOrg(scope: Scope, input: { csv: string; defaultPassword: string }): Promise<ImportReport> {
  assertCan(scope.actor, 'org.manage');
  const locale = scope.actor.locale;
  const errors: ImportReport['errors'] = [];
  const fail = (line: number, key: string, params: Record<string, unknown> = {}) =>
    errors.push({ line, message: t(locale, 'import.line', { line, reason: t(locale, key, params) }) });

  // with `info`, each record comes with where it was read
  const records = parse<{ record: Record<string, string>; info: { lines: number } }>(input.csv, {
    columns: true,
    skip_empty_lines: true,
    trim: true,
    bom: true,
    relax_column_count: true,
    info: true,
  });
  const rows: Rows = { office: [], section: [], post: [], user: [], charge: [] };
  for (const { record, info } of records) {
    const line = info.lines;
    const kind = (record.kind ?? '').toLowerCase() as Kind;
    const schema = rowSchemas[kind];
    if (!schema) {
      fail(line, 'import.badKind', { kind: record.kind ?? '' });
      continue;
    }
    const unsafe = findUnsafeText(record);
    for (const u of unsafe) fail(line, 'import.invalid', { column: String(u.path[0] ?? ''), message: t(locale, `fields.${u.reason}`) });
    if (unsafe.length) continue;
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      for (const issue of localiseIssues(parsed.error.issues, locale)) {
        const column = issue.path[0] ?? '';
        fail(line, record[column] ? 'import.invalid' : 'import.missing', { column, message: issue.message });
      }
      continue;
    }
    (rows[kind] as Array<{ line: number; data: unknown }>).push({ line, data: parsed.data });
  }

  const em = scope.em;
  const dupes = <T>(list: Array<{ line: number; data: T }>, key: (d: T) => string, what: string) => {
    const first = new Map<string, number>();
    for (const r of list) {
      const k = key(r.data);
      if (first.has(k)) fail(r.line, 'import.duplicateInFile', { what: t(locale, `what.${what}`), value: k, first: first.get(k) });
      else first.set(k, r.line);
    }
  };
  dupes(rows.office, (d) => d.code, 'officeCode');
  dupes(rows.section, (d) => `${d.office}/${d.code}`, 'sectionCode');
  dupes(rows.post, (d) => d.code, 'postCode');
  dupes(rows.user, (d) => d.username, 'username');

  // References: to the file first, then to what the database already has.
  const existing = await loadExisting(em, rows);
  const officeCodes = new Set([...existing.offices.keys(), ...rows.office.map((r) => r.data.code)]);
  const sectionKeys = new Set([...existing.sections.keys(), ...rows.section.map((r) => `${r.data.office}/${r.data.code}`)]);
  const postCodes = new Set([...existing.posts.keys(), ...rows.post.map((r) => r.data.code)]);
  const usernames = new Set([...existing.users.keys(), ...rows.user.map((r) => r.data.username)]);
  for (const r of rows.office) {
    if (existing.offices.has(r.data.code)) fail(r.line, 'errors.DUPLICATE', { what: t(locale, 'what.officeCode'), value: r.data.code });
    if (r.data.parent && !officeCodes.has(r.data.parent)) fail(r.line, 'import.unknownOffice', { code: r.data.parent });
  }
  for (const r of rows.section) {
    if (existing.sections.has(`${r.data.office}/${r.data.code}`))
      fail(r.line, 'errors.DUPLICATE', { what: t(locale, 'what.sectionCode'), value: r.data.code });
    if (!officeCodes.has(r.data.office)) fail(r.line, 'import.unknownOffice', { code: r.data.office });
  }
  for (const r of rows.post) {
    if (existing.posts.has(r.data.code)) fail(r.line, 'errors.DUPLICATE', { what: t(locale, 'what.postCode'), value: r.data.code });
    if (!officeCodes.has(r.data.office)) fail(r.line, 'import.unknownOffice', { code: r.data.office });
    else if (r.data.section && !sectionKeys.has(`${r.data.office}/${r.data.section}`))
      fail(r.line, 'import.unknownSection', { code: r.data.section, office: r.data.office });
  }
  for (const r of rows.user)
    if (existing.users.has(r.data.username)) fail(r.line, 'errors.DUPLICATE', { what: t(locale, 'what.username'), value: r.data.username });
  for (const r of rows.charge) {
    if (!usernames.has(r.data.username)) fail(r.line, 'import.unknownUser', { username: r.data.username });
    if (!postCodes.has(r.data.post)) fail(r.line, 'import.unknownPost', { code: r.data.post });
    if (r.data.to && r.data.to <= r.data.from) fail(r.line, 'reasons.toBeforeFrom');
  }
  if (hasCycle(rows.office.map((r) => r.data))) fail(rows.office[0]?.line ?? 1, 'reasons.officeCycle');

  const counts = {
    office: rows.office.length,
    section: rows.section.length,
    post: rows.post.length,
    user: rows.user.length,
    charge: rows.charge.length,
  };
  if (errors.length) return { ok: false, errors: errors.sort((a, b) => a.line - b.line), counts };

  const passwordHashes = await Promise.all(rows.user.map(() => hashPassword(input.defaultPassword)));
  await transact(scope, async (tx) => {
    const officeIds = new Map(existing.offices);
    for (const r of rows.office) officeIds.set(r.data.code, randomUUID());
    for (const r of topological(rows.office.map((x) => x.data))) {
      tx.em.create(OfficeSchema, {
        id: officeIds.get(r.code)!,
        code: r.code,
        nameEn: r.name_en,
        nameHi: r.name_hi,
        kind: r.type,
        numberPrefix: r.prefix ?? r.code.replace(/-/g, '/'),
        parent: r.parent ? officeIds.get(r.parent)! : null,
      });
    }
    const sectionIds = new Map(existing.sections);
    for (const r of rows.section) {
      const id = randomUUID();
      sectionIds.set(`${r.data.office}/${r.data.code}`, id);
      tx.em.create(SectionSchema, {
        id,
        office: officeIds.get(r.data.office)!,
        code: r.data.code,
        nameEn: r.data.name_en,
        nameHi: r.data.name_hi,
      });
    }
    const postIds = new Map(existing.posts);
    for (const r of rows.post) {
      const id = randomUUID();
      postIds.set(r.data.code, id);
      tx.em.create(PostSchema, {
        id,
        code: r.data.code,
        designationEn: r.data.name_en,
        designationHi: r.data.name_hi,
        office: officeIds.get(r.data.office)!,
        section: r.data.section ? sectionIds.get(`${r.data.office}/${r.data.section}`)! : null,
        capabilities: [...new Set(r.data.capabilities)],
        active: true,
      });
    }
    const userIds = new Map(existing.users);
    rows.user.forEach((r, i) => {
      const id = randomUUID();
      userIds.set(r.data.username, id);
      tx.em.create(UserSchema, {
        id,
        username: r.data.username,
        nameEn: r.data.name_en,
        nameHi: r.data.name_hi,
        passwordHash: passwordHashes[i]!,
        mobile: r.data.mobile ?? null,
        email: r.data.email ?? null,
        locale: null,
        active: true,
      });
    });
    for (const r of rows.charge) {
      tx.em.create(ChargeSchema, {
        id: randomUUID(),
        user: userIds.get(r.data.username)!,
        post: postIds.get(r.data.post)!,
        type: r.data.type,
        fromDate: r.data.from,
        toDate: r.data.to ?? null,
      });
    }
    await tx.em.flush();
    tx.emit({ type: 'org.imported', counts, postIds: [...postIds.values()] });
  });
  return { ok: true, errors: [], counts };
}

async function loadExisting(em: EntityManager, rows: Rows) {
  const officeCodes = [
    ...new Set([
      ...rows.office.map((r) => r.data.code),
      ...rows.office.flatMap((r) => (r.data.parent ? [r.data.parent] : [])),
      ...rows.section.map((r) => r.data.office),
      ...rows.post.map((r) => r.data.office),
    ]),
  ];
  const offices = new Map((await em.find(OfficeSchema, { code: { $in: officeCodes } })).map((o) => [o.code, o.id] as const));
  const sections = new Map(
    (await em.find(SectionSchema, { office: { code: { $in: officeCodes } } }, { populate: ['office'] })).map(
      (s) => [`${s.office.getEntity().code}/${s.code}`, s.id] as const,
    ),
  );
  const postCodes = [...new Set([...rows.post.map((r) => r.data.code), ...rows.charge.map((r) => r.data.post)])];
  const posts = new Map((await em.find(PostSchema, { code: { $in: postCodes } })).map((p) => [p.code, p.id] as const));
  const usernames = [...new Set([...rows.user.map((r) => r.data.username), ...rows.charge.map((r) => r.data.username)])];
  const users = new Map((await em.find(UserSchema, { username: { $in: usernames } })).map((u) => [u.username, u.id] as const));
  return { offices, sections, posts, users };
}

function hasCycle(offices: Array<{ code: string; parent?: string }>): boolean {
  const parent = new Map(offices.map((o) => [o.code, o.parent]));
  for (const o of offices) {
    const seen = new Set<string>();
    let cur: string | undefined = o.code;
    while (cur && parent.has(cur)) {
      if (seen.has(cur)) return true;
      seen.add(cur);
      cur = parent.get(cur);
    }
  }
  return false;
}

/** Parents before children, so foreign keys are satisfied in insert order. */
function topological<T extends { code: string; parent?: string }>(offices: T[]): T[] {
  const byCode = new Map(offices.map((o) => [o.code, o]));
  const out: T[] = [];
  const done = new Set<string>();
  const visit = (o: T) => {
    if (done.has(o.code)) return;
    done.add(o.code);
    const p = o.parent ? byCode.get(o.parent) : undefined;
    if (p) visit(p);
    out.push(o);
  };
  offices.forEach(visit);
  return out;
}
