import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { t, type Locale } from '../../shared/i18n.js';
import { localiseIssues } from '../../http/validation.js';
import { text as plainText } from '../../shared/schemas.js';
import { findUnsafeText } from '../../shared/text.js';
import { AREA_KINDS, ROLE_AREA_KINDS, SERVING_ROLES, type AreaKind, type ServingRole } from './gazetteer.entity.js';

/**
 * The gazetteer's CSV, checked without a database: every line's syntax, duplicates in the file, and
 * every reference (to the file or to what `existing` says the database has). Pure, so it is unit-tested
 * line by line; import-gazetteer.ts loads `existing` and writes the plan.
 *
 * Columns: kind,code,name_en,name_hi,parent,state,police_area,pins,role,office,post
 *   district     code, names, state
 *   tehsil       code, names, parent (its district)
 *   police_area  code, names, parent (its district)
 *   locality     code, names, parent (its tehsil), police_area, pins ("262001;262002")
 *   serving      code (the area), role, office, post (optional: the post that decides)
 */
export const GAZETTEER_COLUMNS = [
  'kind',
  'code',
  'name_en',
  'name_hi',
  'parent',
  'state',
  'police_area',
  'pins',
  'role',
  'office',
  'post',
] as const;

const text = (max: number) => plainText(max).min(1);
const code = plainText(40)
  .min(1)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'fields.code');
const postCode = plainText(60)
  .min(1)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'fields.code');
const blank = (v: unknown) => (v === '' ? undefined : v);
const opt = <T extends z.ZodType>(s: T) => z.preprocess(blank, s.optional());
/** Nothing in a column the kind does not use (a value there is a misplaced column). */
const none = z.preprocess(blank, z.undefined({ message: 'gazetteer.notForKind' }));
export const pin = z.string().regex(/^[1-9]\d{5}$/, 'fields.pin');
const pins = z
  .string()
  .transform((v) => [
    ...new Set(
      v
        .split(/[;| ]/)
        .map((p) => p.trim())
        .filter(Boolean),
    ),
  ])
  .pipe(z.array(pin).min(1));
const names = { name_en: text(200), name_hi: text(200) };
const unused = { state: none, police_area: none, pins: none, role: none, office: none, post: none };

const rowSchemas = {
  district: z.object({
    code,
    ...names,
    ...unused,
    parent: none,
    state: z
      .string()
      .trim()
      .regex(/^[A-Z]{2,3}$/, 'fields.stateCode'),
  }),
  tehsil: z.object({ code, ...names, ...unused, parent: code }),
  police_area: z.object({ code, ...names, ...unused, parent: code }),
  locality: z.object({ code, ...names, ...unused, parent: code, police_area: code, pins }),
  serving: z.object({
    code,
    name_en: none,
    name_hi: none,
    parent: none,
    state: none,
    police_area: none,
    pins: none,
    role: z.enum(SERVING_ROLES),
    office: code,
    post: opt(postCode),
  }),
};

export interface AreaRow {
  line: number;
  kind: AreaKind;
  code: string;
  nameEn: string;
  nameHi: string;
  parent: string | null;
  policeArea: string | null;
  state: string | null;
  pins: string[];
}
export interface ServingRow {
  line: number;
  area: string;
  role: ServingRole;
  office: string;
  post: string | null;
}
export interface ImportProblem {
  line: number;
  column: string | null;
  message: string;
}

/** What the database already has that the file refers to (by code). */
export interface ExistingRefs {
  /** Areas by code: their kind and their district's code (their own for a district). */
  areas: ReadonlyMap<string, { kind: AreaKind; district: string | null }>;
  offices: ReadonlySet<string>;
  /** Posts by code: the code of their office. */
  posts: ReadonlyMap<string, string>;
}

/** Parent kind of each area kind (a district has none). */
const PARENT_KIND: Record<AreaKind, AreaKind | null> = { district: null, tehsil: 'district', police_area: 'district', locality: 'tehsil' };

/**
 * Reads the rows; `invalid` holds the codes of area lines that failed, so that lines referring to
 * them are not also reported as referring to an unknown area.
 */
export function parseGazetteerCsv(
  csv: string,
  locale: Locale,
): { areas: AreaRow[]; serving: ServingRow[]; problems: ImportProblem[]; invalid: Set<string> } {
  const problems: ImportProblem[] = [];
  const problem = (line: number, column: string | null, reason: string) =>
    problems.push({ line, column, message: cellMessage(locale, line, column, reason) });
  const report = (line: number, column: string | null, key: string, params: Record<string, unknown> = {}) =>
    problem(line, column, t(locale, key, params));
  const areas: AreaRow[] = [];
  const serving: ServingRow[] = [];
  const invalid = new Set<string>();
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(csv, { columns: true, skip_empty_lines: true, trim: true, bom: true, relax_column_count: true, info: true });
  } catch (e) {
    const line = Number((e as { lines?: number }).lines ?? 1);
    report(line, null, 'gazetteer.notCsv', { reason: (e as Error).message });
    return { areas, serving, problems, invalid };
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const missingColumns = GAZETTEER_COLUMNS.filter((c) => !header.includes(c));
  if (records.length && missingColumns.length) {
    report(1, null, 'gazetteer.missingColumns', { columns: missingColumns.join(', ') });
    return { areas, serving, problems, invalid };
  }
  if (!records.length) report(1, null, 'gazetteer.empty');

  for (const { record, info } of records) {
    const line = info.lines;
    const kind = (record.kind ?? '').toLowerCase();
    const schema = rowSchemas[kind as keyof typeof rowSchemas];
    if (!schema) {
      report(line, 'kind', 'gazetteer.badKind', { kind: record.kind ?? '' });
      continue;
    }
    const unsafe = findUnsafeText(record);
    for (const u of unsafe) report(line, String(u.path[0] ?? ''), `fields.${u.reason}`);
    if (unsafe.length) {
      if (kind !== 'serving' && record.code) invalid.add(record.code);
      continue;
    }
    const known = Object.fromEntries(GAZETTEER_COLUMNS.filter((c) => c !== 'kind').map((c) => [c, record[c] ?? '']));
    const parsed = schema.safeParse(known);
    if (!parsed.success) {
      const localised = localiseIssues(parsed.error.issues, locale);
      parsed.error.issues.forEach((raw, i) => {
        const column = raw.path[0] === undefined ? null : String(raw.path[0]);
        if (raw.message === 'gazetteer.notForKind')
          report(line, column, 'gazetteer.notForKind', { kind: t(locale, `gazetteer.kind.${kind}`) });
        else if (column && !record[column]) report(line, column, 'fields.required');
        else problem(line, column, localised[i]!.message);
      });
      if (kind !== 'serving' && record.code) invalid.add(record.code);
      continue;
    }
    const d = parsed.data as Record<string, unknown>;
    if (kind === 'serving')
      serving.push({
        line,
        area: d.code as string,
        role: d.role as ServingRole,
        office: d.office as string,
        post: (d.post as string | undefined) ?? null,
      });
    else
      areas.push({
        line,
        kind: kind as AreaKind,
        code: d.code as string,
        nameEn: d.name_en as string,
        nameHi: d.name_hi as string,
        parent: (d.parent as string | undefined) ?? null,
        policeArea: (d.police_area as string | undefined) ?? null,
        state: (d.state as string | undefined) ?? null,
        pins: (d.pins as string[] | undefined) ?? [],
      });
  }
  return { areas, serving, problems, invalid };
}

/** The codes of everything the rows refer to, for loading `ExistingRefs`. */
export function referencedCodes(areas: readonly AreaRow[], serving: readonly ServingRow[]) {
  return {
    areas: [
      ...new Set(
        [...areas.flatMap((a) => [a.code, a.parent, a.policeArea]), ...serving.map((s) => s.area)].filter((c): c is string => !!c),
      ),
    ],
    offices: [...new Set(serving.map((s) => s.office))],
    posts: [...new Set(serving.flatMap((s) => (s.post ? [s.post] : [])))],
  };
}

/** Duplicates in the file and every reference, against the file and then the database. */
export function checkGazetteerRows(
  areas: readonly AreaRow[],
  serving: readonly ServingRow[],
  existing: ExistingRefs,
  locale: Locale,
  invalid: ReadonlySet<string> = new Set(),
): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const report = (line: number, column: string | null, key: string, params: Record<string, unknown> = {}) =>
    problems.push({ line, column, message: cellMessage(locale, line, column, t(locale, key, params)) });
  const kindName = (k: string) => t(locale, `gazetteer.kind.${k}`);

  const inFile = new Map<string, AreaRow>();
  for (const a of areas) {
    const first = inFile.get(a.code);
    if (first) report(a.line, 'code', 'import.duplicateInFile', { what: t(locale, 'what.areaCode'), value: a.code, first: first.line });
    else inFile.set(a.code, a);
  }
  const kindOf = (c: string): AreaKind | undefined => inFile.get(c)?.kind ?? existing.areas.get(c)?.kind;
  /** The district of an area (file first, then database); null when unknown. */
  const districtOf = (c: string, depth = 0): string | null => {
    const f = inFile.get(c);
    if (f) return f.kind === 'district' ? f.code : f.parent && depth < 4 ? districtOf(f.parent, depth + 1) : null;
    return existing.areas.get(c)?.district ?? null;
  };

  for (const a of areas) {
    const before = existing.areas.get(a.code);
    if (before && before.kind !== a.kind) report(a.line, 'kind', 'gazetteer.kindChanged', { code: a.code, kind: kindName(before.kind) });
    const wanted = PARENT_KIND[a.kind];
    if (wanted && a.parent) {
      const k = kindOf(a.parent);
      if (!k) {
        if (!invalid.has(a.parent)) report(a.line, 'parent', 'gazetteer.unknownArea', { code: a.parent });
      } else if (k !== wanted)
        report(a.line, 'parent', 'gazetteer.parentKind', {
          kind: kindName(a.kind),
          expected: kindName(wanted),
          code: a.parent,
          actual: kindName(k),
        });
    }
    if (a.kind === 'locality' && a.policeArea) {
      const k = kindOf(a.policeArea);
      if (!k) {
        if (!invalid.has(a.policeArea)) report(a.line, 'police_area', 'gazetteer.unknownArea', { code: a.policeArea });
      } else if (k !== 'police_area') report(a.line, 'police_area', 'gazetteer.notPoliceArea', { code: a.policeArea, actual: kindName(k) });
      else if (a.parent && kindOf(a.parent) === 'tehsil') {
        const [d1, d2] = [districtOf(a.parent), districtOf(a.policeArea)];
        if (d1 && d2 && d1 !== d2) report(a.line, 'police_area', 'gazetteer.otherDistrict', { code: a.policeArea, tehsil: a.parent });
      }
    }
  }

  const servingSeen = new Map<string, number>();
  for (const s of serving) {
    const key = `${s.area}/${s.role}`;
    const first = servingSeen.get(key);
    if (first) report(s.line, 'role', 'import.duplicateInFile', { what: t(locale, 'what.servingRole'), value: key, first });
    else servingSeen.set(key, s.line);
    const k = kindOf(s.area);
    if (!k) {
      if (!invalid.has(s.area)) report(s.line, 'code', 'gazetteer.unknownArea', { code: s.area });
    } else if (!ROLE_AREA_KINDS[s.role].includes(k))
      report(s.line, 'role', 'gazetteer.roleArea', { role: t(locale, `gazetteer.role.${s.role}`), kind: kindName(k) });
    if (!existing.offices.has(s.office)) report(s.line, 'office', 'import.unknownOffice', { code: s.office });
    if (s.post) {
      const office = existing.posts.get(s.post);
      if (office === undefined) report(s.line, 'post', 'import.unknownPost', { code: s.post });
      else if (office !== s.office) report(s.line, 'post', 'gazetteer.postElsewhere', { post: s.post, office: s.office });
    }
  }
  return problems;
}

/** "Line 4, column "pins": …" (or "Line 4: …" for the whole line), in the user's language. */
function cellMessage(locale: Locale, line: number, column: string | null, reason: string): string {
  return column ? t(locale, 'import.lineColumn', { line, column, reason }) : t(locale, 'import.line', { line, reason });
}

/** Areas parents first (district, tehsil and police area, locality), so references exist when written. */
export function inWriteOrder<T extends { kind: AreaKind }>(areas: readonly T[]): T[] {
  return [...areas].sort((a, b) => AREA_KINDS.indexOf(a.kind) - AREA_KINDS.indexOf(b.kind));
}
