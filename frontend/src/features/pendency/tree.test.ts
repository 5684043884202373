import { describe, expect, it } from 'vitest';
import { addCounts, buildRows, initiallyExpanded, locate, metricDrill, metricValue, rowTestId, subtreeTotals } from './tree';
import { counts, ID, sampleSummary } from './testFixtures';

describe('office → section → post rows', () => {
  it('lists every office, indented, and nothing inside until an office is expanded', () => {
    const rows = buildRows(sampleSummary(), new Set());
    expect(rows.map((r) => [r.kind, rowTestId(r), r.level])).toEqual([
      ['office', ID.sp, 0],
      ['office', ID.circle, 1],
      ['office', ID.kotwali, 2],
      ['office', ID.sungarhi, 2],
    ]);
    expect(rows.every((r) => r.kind === 'office' && r.expandable && !r.expanded)).toBe(true);
  });

  it('shows the sections and posts of an expanded office; posts outside any section get a row of their own only beside sections', () => {
    const rows = buildRows(sampleSummary(), new Set([ID.sp, ID.kotwali]));
    expect(rows.map((r) => `${r.kind}:${rowTestId(r)}:${r.level}`)).toEqual([
      `office:${ID.sp}:0`,
      `section:${ID.sp}-${ID.section}:1`,
      `post:${ID.readerPost}:2`,
      `section:${ID.sp}-none:1`,
      `post:${ID.spPost}:2`,
      `office:${ID.circle}:1`,
      `office:${ID.kotwali}:2`,
      // Kotwali has no sections: its posts sit right under it
      `post:${ID.shoPost}:3`,
      `post:${ID.munshiPost}:3`,
      `office:${ID.sungarhi}:2`,
    ]);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    expect(byKey.get(`section:${ID.sp}:none`)!.drill).toEqual({ officeId: ID.sp, sectionId: 'none' });
    expect(byKey.get(`post:${ID.shoPost}`)!.drill).toEqual({ officeId: ID.kotwali, postId: ID.shoPost });
  });

  it('adds up the offices under an office (the API counts an office’s own posts only)', () => {
    const sums = subtreeTotals(sampleSummary());
    expect(sums.get(ID.kotwali)!.pending).toBe(5);
    expect(sums.get(ID.circle)!.pending).toBe(6);
    expect(sums.get(ID.circle)!.dwell).toEqual({ upTo7: 4, upTo15: 0, upTo30: 0, over30: 2 });
    expect(sums.get(ID.sp)!.overdue).toBe(3);
    const rows = buildRows(sampleSummary(), new Set());
    const circle = rows.find((r) => r.kind === 'office' && r.office.id === ID.circle);
    expect(circle && circle.kind === 'office' && circle.withChildren?.pending).toBe(6);
    const kotwali = rows.find((r) => r.kind === 'office' && r.office.id === ID.kotwali);
    expect(kotwali && kotwali.kind === 'office' && kotwali.withChildren).toBeNull(); // nothing under a station
  });

  it('starts with the only office of a one-office scope open', () => {
    const one = sampleSummary();
    one.offices = one.offices.slice(2, 3);
    expect([...initiallyExpanded(one)]).toEqual([ID.kotwali]);
    expect(buildRows(one, initiallyExpanded(one)).map((r) => [r.kind, r.level])).toEqual([
      ['office', 0],
      ['post', 1],
      ['post', 1],
    ]);
    expect(initiallyExpanded(sampleSummary()).size).toBe(0);
  });

  it('finds the names a drill-down refers to', () => {
    const s = sampleSummary();
    expect(locate(s, { officeId: ID.sp, sectionId: ID.section, postId: null })).toMatchObject({
      office: { code: 'PBT-SP' },
      section: { code: 'READER' },
      post: null,
    });
    expect(locate(s, { officeId: ID.sp, sectionId: 'none', postId: null }).section).toBe('none');
    expect(locate(s, { officeId: null, sectionId: null, postId: ID.shoPost })).toMatchObject({
      office: { code: 'PBT-PS-KOTWALI' },
      post: { code: 'PBT-PS-KOTWALI-SHO' },
    });
    expect(locate(null, { officeId: ID.sp, sectionId: null, postId: null })).toEqual({ office: null, section: null, post: null });
  });
});

describe('figures of a row', () => {
  it('reads the buckets of the basis in view, and drills down only where the list can filter', () => {
    const c = counts({
      pending: 4,
      overdue: 2,
      overdueNoReason: 1,
      dueSoon: 1,
      hidden: 1,
      dwell: { upTo7: 3, over30: 1 },
      age: { upTo30: 4 },
    });
    expect(metricValue(c, 'upTo7', 'dwell')).toBe(3);
    expect(metricValue(c, 'upTo7', 'age')).toBe(0);
    expect(metricValue(c, 'upTo30', 'age')).toBe(4);
    expect(metricValue(c, 'noReason', 'dwell')).toBe(1);
    expect(metricDrill('over30')).toEqual({ bucket: '31+' });
    expect(metricDrill('noReason')).toEqual({ noReason: true });
    expect(metricDrill('dueSoon')).toBeNull();
    expect(metricDrill('hidden')).toBeNull();
    expect(addCounts(c, c).age.upTo30).toBe(8);
  });
});
