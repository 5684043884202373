import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { transact, type Scope } from '../../shared/scope.js';
import { AppError } from '../../shared/app-error.js';
import { assertCan, OfficeSchema, PostSchema } from '../org/index.js';
import { AreaSchema, AreaServiceSchema, type Area, type AreaKind } from './gazetteer.entity.js';
import {
  checkGazetteerRows,
  inWriteOrder,
  parseGazetteerCsv,
  referencedCodes,
  type AreaRow,
  type ExistingRefs,
  type ImportProblem,
  type ServingRow,
} from './gazetteer-csv.js';

export interface GazetteerImportReport {
  counts: Record<AreaKind | 'serving', number>;
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Imports areas and their serving offices from one CSV (gazetteer-csv.ts says the columns). Every
 * line is checked first; if any is bad nothing is written and IMPORT_REJECTED lists every problem with
 * its line and column in the user's language. Areas are matched by code, so importing the same file
 * again changes nothing, and a corrected file updates names, PIN codes and serving offices in place.
 */
export async function importGazetteer(scope: Scope, input: { csv: string }): Promise<GazetteerImportReport> {
  assertCan(scope.actor, 'org.manage');
  const locale = scope.actor.locale;
  const { areas, serving, problems, invalid } = parseGazetteerCsv(input.csv, locale);
  const refs = await loadExistingRefs(scope.em, areas, serving);
  problems.push(...checkGazetteerRows(areas, serving, refs, locale, invalid));
  if (problems.length) throw rejected(problems);

  const counts: GazetteerImportReport['counts'] = { district: 0, tehsil: 0, police_area: 0, locality: 0, serving: serving.length };
  for (const a of areas) counts[a.kind]++;
  let created = 0;
  let updated = 0;
  await transact(scope, async (tx) => {
    const codes = referencedCodes(areas, serving);
    const byCode = new Map((await tx.em.find(AreaSchema, { code: { $in: codes.areas } })).map((a) => [a.code, a]));
    const changedIds: string[] = [];
    for (const row of inWriteOrder(areas)) {
      const fields = areaFields(row, byCode);
      const before = byCode.get(row.code);
      if (!before) {
        const area = tx.em.create(AreaSchema, { id: randomUUID(), code: row.code, kind: row.kind, ...fields });
        byCode.set(row.code, area);
        changedIds.push(area.id);
        created++;
      } else if (differs(before, fields)) {
        tx.em.assign(before, fields);
        changedIds.push(before.id);
        updated++;
      }
    }
    const offices = new Map((await tx.em.find(OfficeSchema, { code: { $in: codes.offices } })).map((o) => [o.code, o.id]));
    const posts = new Map(
      (codes.posts.length ? await tx.em.find(PostSchema, { code: { $in: codes.posts } }) : []).map((p) => [p.code, p.id]),
    );
    const areaIds = serving.map((s) => byCode.get(s.area)!.id);
    const links = new Map(
      (areaIds.length ? await tx.em.find(AreaServiceSchema, { area: { $in: areaIds } }) : []).map((l) => [`${l.area.id}/${l.role}`, l]),
    );
    for (const s of serving) {
      const area = byCode.get(s.area)!;
      const office = offices.get(s.office)!;
      const post = s.post ? posts.get(s.post)! : null;
      const link = links.get(`${area.id}/${s.role}`);
      if (!link) {
        tx.em.create(AreaServiceSchema, { id: randomUUID(), area: area.id, role: s.role, office, post });
        created++;
      } else if (link.office.id !== office || (link.post?.id ?? null) !== post) {
        tx.em.assign(link, { office, post });
        updated++;
      } else continue;
      if (!changedIds.includes(area.id)) changedIds.push(area.id);
    }
    if (created + updated) tx.emit({ type: 'gazetteer.imported', counts, created, updated, areaIds: changedIds });
  });
  return { counts, created, updated, unchanged: areas.length + serving.length - created - updated };
}

function rejected(problems: ImportProblem[]): AppError {
  problems.sort((a, b) => a.line - b.line);
  return new AppError('IMPORT_REJECTED', { count: problems.length }, { problems });
}

/** The stored fields of an area row (references resolved to the areas written or found so far). */
function areaFields(row: AreaRow, byCode: ReadonlyMap<string, Area>) {
  return {
    nameEn: row.nameEn,
    nameHi: row.nameHi,
    state: row.state,
    pins: row.pins,
    parent: row.parent ? byCode.get(row.parent)!.id : null,
    policeArea: row.policeArea ? byCode.get(row.policeArea)!.id : null,
  };
}

function differs(a: Area, f: ReturnType<typeof areaFields>): boolean {
  return (
    a.nameEn !== f.nameEn ||
    a.nameHi !== f.nameHi ||
    (a.state ?? null) !== f.state ||
    (a.parent?.id ?? null) !== f.parent ||
    (a.policeArea?.id ?? null) !== f.policeArea ||
    a.pins.join(';') !== f.pins.join(';')
  );
}

/** What the file refers to that the database has: areas (with their districts), offices, posts. */
async function loadExistingRefs(em: EntityManager, areas: readonly AreaRow[], serving: readonly ServingRow[]): Promise<ExistingRefs> {
  const codes = referencedCodes(areas, serving);
  const found = codes.areas.length
    ? await em.find(AreaSchema, { code: { $in: codes.areas } }, { populate: ['parent', 'parent.parent'] })
    : [];
  const districtOf = (a: Area): string | null => {
    if (a.kind === 'district') return a.code;
    const p = a.parent?.getEntity();
    if (!p) return null;
    if (p.kind === 'district') return p.code;
    const pp = p.parent?.getEntity();
    return pp?.kind === 'district' ? pp.code : null;
  };
  const offices = codes.offices.length ? await em.find(OfficeSchema, { code: { $in: codes.offices } }) : [];
  const posts = codes.posts.length ? await em.find(PostSchema, { code: { $in: codes.posts } }, { populate: ['office'] }) : [];
  return {
    areas: new Map(found.map((a) => [a.code, { kind: a.kind, district: districtOf(a) }])),
    offices: new Set(offices.map((o) => o.code)),
    posts: new Map(posts.map((p) => [p.code, p.office.getEntity().code])),
  };
}
