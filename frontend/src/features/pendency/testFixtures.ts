// Small, typed API answers for the pendency unit tests (not used by the app).
import { zeroCounts } from './tree';
import type { OfficeRef, PendencyCounts, PendencySummary, PendingItem, PendencyPostRef } from './types';

export const ID = {
  sp: '00000000-0000-4000-8000-000000000001',
  circle: '00000000-0000-4000-8000-000000000002',
  kotwali: '00000000-0000-4000-8000-000000000003',
  sungarhi: '00000000-0000-4000-8000-000000000004',
  section: '00000000-0000-4000-8000-000000000010',
  spPost: '00000000-0000-4000-8000-000000000101',
  readerPost: '00000000-0000-4000-8000-000000000102',
  coPost: '00000000-0000-4000-8000-000000000103',
  shoPost: '00000000-0000-4000-8000-000000000104',
  munshiPost: '00000000-0000-4000-8000-000000000105',
  sghPost: '00000000-0000-4000-8000-000000000106',
} as const;

export function counts(
  patch: Partial<Omit<PendencyCounts, 'dwell' | 'age'>> & {
    dwell?: Partial<PendencyCounts['dwell']>;
    age?: Partial<PendencyCounts['age']>;
  } = {},
): PendencyCounts {
  const z = zeroCounts();
  return { ...z, ...patch, dwell: { ...z.dwell, ...patch.dwell }, age: { ...z.age, ...patch.age } };
}

const office = (id: string, code: string, en: string, parentId: string | null, kind: OfficeRef['kind'] = 'police_station'): OfficeRef => ({
  id,
  code,
  name: { en, hi: en },
  kind,
  parentId,
});
const post = (id: string, code: string, en: string, officeName: string): PendencyPostRef => ({
  id,
  code,
  designation: { en, hi: en },
  officeName: { en: officeName, hi: officeName },
});

/** SP office (a section with the Reader, the SP outside any section) → City circle → Kotwali, Sungarhi. */
export function sampleSummary(): PendencySummary {
  const sp = office(ID.sp, 'PBT-SP', 'SP Office', null, 'sp_office');
  const circle = office(ID.circle, 'PBT-CO-CITY', 'CO City', ID.sp, 'circle_office');
  const kotwali = office(ID.kotwali, 'PBT-PS-KOTWALI', 'PS Kotwali', ID.circle);
  const sungarhi = office(ID.sungarhi, 'PBT-PS-SUNGARHI', 'PS Sungarhi', ID.circle);
  const ktw = counts({ pending: 5, overdue: 2, overdueNoReason: 1, hidden: 1, dwell: { upTo7: 3, over30: 2 }, age: { upTo15: 5 } });
  const sgh = counts({ pending: 1, dwell: { upTo7: 1 }, age: { upTo7: 1 } });
  const spc = counts({ pending: 2, overdue: 1, overdueNoReason: 1, dwell: { upTo15: 2 }, age: { upTo30: 2 } });
  return {
    asOf: '2026-11-23T04:12:00.000Z',
    today: '2026-11-23',
    scope: { kind: 'offices', office: sp, post: post(ID.spPost, 'PBT-SP-SP', 'SP', 'SP Office') },
    totals: [spc, ktw, sgh].reduce((a, b) => ({
      ...a,
      pending: a.pending + b.pending,
      overdue: a.overdue + b.overdue,
      overdueNoReason: a.overdueNoReason + b.overdueNoReason,
      hidden: a.hidden + b.hidden,
    })),
    offices: [
      {
        office: sp,
        depth: 0,
        totals: spc,
        sections: [
          {
            section: { id: ID.section, code: 'READER', name: { en: 'Reader branch', hi: 'रीडर शाखा' } },
            totals: spc,
            posts: [{ post: post(ID.readerPost, 'PBT-SP-READER', 'Reader', 'SP Office'), totals: spc }],
          },
          { section: null, totals: counts(), posts: [{ post: post(ID.spPost, 'PBT-SP-SP', 'SP', 'SP Office'), totals: counts() }] },
        ],
      },
      {
        office: circle,
        depth: 1,
        totals: counts(),
        sections: [
          { section: null, totals: counts(), posts: [{ post: post(ID.coPost, 'PBT-CO-CITY-CO', 'CO City', 'CO City'), totals: counts() }] },
        ],
      },
      {
        office: kotwali,
        depth: 2,
        totals: ktw,
        sections: [
          {
            section: null,
            totals: ktw,
            posts: [
              { post: post(ID.shoPost, 'PBT-PS-KOTWALI-SHO', 'SHO', 'PS Kotwali'), totals: ktw },
              { post: post(ID.munshiPost, 'PBT-PS-KOTWALI-MUNSHI', 'Munshi', 'PS Kotwali'), totals: counts() },
            ],
          },
        ],
      },
      {
        office: sungarhi,
        depth: 2,
        totals: sgh,
        sections: [
          { section: null, totals: sgh, posts: [{ post: post(ID.sghPost, 'PBT-PS-SUNGARHI-SHO', 'SHO', 'PS Sungarhi'), totals: sgh }] },
        ],
      },
    ],
    trend: [
      { weekStart: '2026-11-09', weekEnd: '2026-11-15', received: 4, disposed: 2, pendingAtEnd: 6 },
      { weekStart: '2026-11-16', weekEnd: '2026-11-22', received: 3, disposed: 1, pendingAtEnd: 8 },
    ],
  };
}

export function pendingItem(id: string, patch: Partial<PendingItem> = {}): PendingItem {
  return {
    type: 'file',
    id,
    hidden: false,
    number: `PBT/PS-KTW/GEN/${id}/2026`,
    subject: `Subject ${id}`,
    category: null,
    grading: 'normal',
    priority: 'normal',
    register: null,
    reference: null,
    office: office(ID.kotwali, 'PBT-PS-KOTWALI', 'PS Kotwali', ID.circle),
    holder: post(ID.shoPost, 'PBT-PS-KOTWALI-SHO', 'SHO', 'PS Kotwali'),
    heldSince: '2026-11-10T05:00:00.000Z',
    startedOn: '2026-11-01',
    dwellDays: 13,
    dwellWorkingDays: 9,
    ageDays: 22,
    dueDate: '2026-11-18',
    dueSource: 'explicit',
    overdue: true,
    overdueWorkingDays: 3,
    reason: null,
    parked: false,
    escalationLevel: 0,
    abilities: { recordReason: false, setRegister: false, remind: false },
    ...patch,
  };
}
