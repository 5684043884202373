import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../shared/app-error.js';
import type { Scope } from '../../shared/scope.js';
import { assertCan } from '../org/index.js';
import { extensionPoint } from '../../shared/extension-point.js';
import { ServiceSchema, ServiceVersionSchema, type ServiceVersion } from './services.entity.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const versionSummary = (v: ServiceVersion) => ({
  number: v.number,
  status: v.status,
  createdBy: v.createdBy,
  createdAt: v.createdAt.toISOString(),
  publishedAt: iso(v.publishedAt),
});

async function versionsByService(em: EntityManager, serviceIds: string[]) {
  const versions = await em.find(ServiceVersionSchema, { service: { $in: serviceIds } }, { orderBy: { number: 'desc' } });
  const by = new Map<string, ServiceVersion[]>();
  for (const v of versions) by.set(v.service.id, [...(by.get(v.service.id) ?? []), v]);
  return by;
}

function summary(code: string, liveVersion: number | null, versions: ServiceVersion[]) {
  const shown = versions.find((v) => v.number === liveVersion) ?? versions[0]!;
  return {
    code,
    name: shown.definition.name,
    category: shown.definition.category,
    timelineDays: shown.definition.timelineDays,
    liveVersion: liveVersion ?? null,
    latestVersion: versions[0]!.number,
    hasDraft: versions.some((v) => v.status === 'draft'),
  };
}

/** The catalogue as its administrators see it: every service with its live and latest versions. */
export async function listServices(scope: Scope) {
  assertCan(scope.actor, 'org.manage');
  const services = await scope.em.find(ServiceSchema, {}, { orderBy: { code: 'asc' } });
  const by = await versionsByService(
    scope.em,
    services.map((s) => s.id),
  );
  return { items: services.filter((s) => by.has(s.id)).map((s) => summary(s.code, s.liveVersion ?? null, by.get(s.id)!)) };
}

/** One service with all its versions. */
export async function getService(scope: Scope, code: string) {
  assertCan(scope.actor, 'org.manage');
  const s = await scope.em.findOne(ServiceSchema, { code });
  const versions = s ? (await versionsByService(scope.em, [s.id])).get(s.id) : undefined;
  if (!s || !versions) throw new AppError('NOT_FOUND');
  return { ...summary(s.code, s.liveVersion ?? null, versions), versions: versions.map(versionSummary) };
}

/** One version's whole definition (to edit it as the next draft, or to read what an application was filed under). */
export async function getServiceVersion(scope: Scope, code: string, number: number) {
  assertCan(scope.actor, 'org.manage');
  const v = await scope.em.findOne(ServiceVersionSchema, { service: { code }, number });
  if (!v) throw new AppError('NOT_FOUND');
  return { ...versionSummary(v), code, definition: v.definition };
}

/** The live definitions, as the JSON a catalogue import takes. */
export async function exportServices(scope: Scope) {
  assertCan(scope.actor, 'org.manage');
  return { definitions: (await liveVersions(scope.em)).map((v) => v.definition) };
}

async function liveVersions(em: EntityManager) {
  return em.find(ServiceVersionSchema, { status: 'live' }, { orderBy: { service: { code: 'asc' } } });
}

/** Each service's Right to Service record (kept by rts, above services; the composition root provides it): on-time share of the last months' disposals. */
export const serviceRecords = extensionPoint<{
  onTime(em: EntityManager): Promise<Map<string, { onTimePct: number | null; disposed: number; months: number }>>;
}>('serviceRecords');

/** The public catalogue: live services with their timelines, documents and forms, and each one's current on-time record. */
export async function listPublicServices(em: EntityManager) {
  const [versions, records] = await Promise.all([liveVersions(em), serviceRecords.use.onTime(em)]);
  return {
    items: versions.map((v) => {
      const d = v.definition;
      return {
        onTime: records.get(d.code) ?? { onTimePct: null, disposed: 0, months: 12 },
        code: d.code,
        version: v.number,
        name: d.name,
        description: d.description,
        category: d.category,
        timelineDays: d.timelineDays,
        applicants: d.applicants,
        documents: d.form.filter((f) => f.type === 'upload').map((f) => ({ key: f.key, label: f.label, required: f.required })),
        form: d.form,
      };
    }),
  };
}
