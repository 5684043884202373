import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootSystem } from '../support/boot.js';
import { ApiClient, loggedIn } from '../support/api-client.js';
import type { TestSystem as System } from '../support/boot.js';

let system: System;
let base: string;
let admin: ApiClient;
let offices: any[];

beforeAll(async () => {
  system = await bootSystem();
  base = system.url!;
  admin = await loggedIn(base, 'admin');
  offices = (await admin.get('/api/org/offices')).body.items;
});
afterAll(async () => system?.stop());

const office = (code: string) => offices.find((o) => o.code === code);

describe('demo district', () => {
  it('has the district tree: SP office, DM office, 2 circles, 6 police stations', () => {
    const district = office('PBT');
    expect(district.parentId).toBeNull();
    expect(office('PBT-SP').parentId).toBe(district.id);
    expect(office('PBT-DM').parentId).toBe(district.id);
    const circles = offices.filter((o) => o.kind === 'circle_office');
    expect(circles).toHaveLength(2);
    const stations = offices.filter((o) => o.kind === 'police_station');
    expect(stations.map((s) => s.name.en).sort()).toEqual([
      'Police Station Amariya',
      'Police Station Bisalpur',
      'Police Station Jahanabad',
      'Police Station Kotwali',
      'Police Station Puranpur',
      'Police Station Sungarhi',
    ]);
    for (const s of stations) expect(circles.map((c) => c.id)).toContain(s.parentId);
  });

  it('gives every station an SHO and a munshi (dak) post, each held by a user; Jahanabad also its checkpoint on the Bareilly road', async () => {
    for (const s of offices.filter((o) => o.kind === 'police_station')) {
      const posts = (await admin.get(`/api/org/posts?officeId=${s.id}`)).body.items;
      const caps = posts.map((p: any) => p.capabilities.join(',')).sort();
      expect(caps).toEqual(s.code === 'PBT-PS-JAHANABAD' ? ['checkpoint', 'dak', 'noting,supervision'] : ['dak', 'noting,supervision']);
      for (const p of posts) expect(p.holders).toHaveLength(1);
    }
  });

  it('lists the post whose designation is exactly what was searched first, in either language (issue 14 item 14)', async () => {
    const codes = async (q: string) => (await admin.get(`/api/org/posts?q=${encodeURIComponent(q)}`)).body.items.map((p: any) => p.code);
    const hi = await codes('पुलिस अधीक्षक');
    expect(hi[0]).toBe('PBT-SP-SP');
    expect(hi).toEqual(expect.arrayContaining(['PBT-SP-ASP', 'PBT-SP-READER']));
    expect((await codes('superintendent of police'))[0]).toBe('PBT-SP-SP');
    // designations that start with the words come before those that only contain them
    const reader = await codes('Reader');
    expect(reader[0]).toBe('PBT-SP-READER');
    // a search that is not a designation keeps the code order
    const station = await codes('Kotwali');
    expect(station).toEqual([...station].sort());
  });

  it('lists the searcher’s own office first among equal matches: a Kotwali clerk typing "SHO" gets the SHO of Kotwali first', async () => {
    const munshi = await loggedIn(system.url!, 'munshi.kotwali');
    const asMunshi = (await munshi.get('/api/org/posts?q=SHO')).body.items.map((p: any) => p.code);
    expect(asMunshi[0]).toBe('PBT-PS-KOTWALI-SHO');
    const asAdmin = (await admin.get('/api/org/posts?q=SHO')).body.items.map((p: any) => p.code);
    expect(asAdmin).toEqual([...asAdmin].sort());
    expect(asAdmin[0]).not.toBe('PBT-PS-KOTWALI-SHO');
  });

  it('has the SP office sections Dak, Reader, Crime, Establishment', async () => {
    const sections = (await admin.get(`/api/org/sections?officeId=${office('PBT-SP').id}`)).body.items;
    expect(sections.map((s: any) => s.code).sort()).toEqual(['CRIME', 'DAK', 'EST', 'READER']);
  });
});

describe('admin manages the org structure', () => {
  it('creates an office, a section, a post and a user, assigns a charge — and the user then acts as that post', async () => {
    const ps = await admin.post('/api/org/offices', {
      code: 'PBT-PS-NEORIA',
      name: { en: 'Police Station Neoria', hi: 'थाना न्यूरिया' },
      kind: 'police_station',
      parentId: office('PBT-CO-CITY').id,
    });
    expect(ps.status).toBe(201);
    expect(ps.body.numberPrefix).toBe('PBT/PS/NEORIA');
    const section = await admin.post('/api/org/sections', {
      officeId: ps.body.id,
      code: 'GD',
      name: { en: 'General Diary', hi: 'सामान्य दैनिकी' },
    });
    expect(section.status).toBe(201);
    const post = await admin.post('/api/org/posts', {
      code: 'PBT-PS-NEORIA-SHO',
      designation: { en: 'SHO Neoria', hi: 'थानाध्यक्ष, न्यूरिया' },
      officeId: ps.body.id,
      sectionId: section.body.id,
      capabilities: ['noting', 'supervision'],
    });
    expect(post.status).toBe(201);
    expect(post.body.holders).toEqual([]);
    const user = await admin.post('/api/org/users', {
      username: 'sho.neoria',
      name: { en: 'Rahul Singh', hi: 'राहुल सिंह' },
      password: 'neoria-password-1',
      mobile: '9876543210',
    });
    expect(user.status).toBe(201);
    const charge = await admin.post('/api/org/charges', {
      userId: user.body.id,
      postId: post.body.id,
      type: 'regular',
      from: '2026-01-01',
    });
    expect(charge.status).toBe(201);

    const sho = new ApiClient(base);
    const me = await sho.login('sho.neoria', 'neoria-password-1');
    expect(me.posts.map((p: any) => p.code)).toEqual(['PBT-PS-NEORIA-SHO']);
    expect(me.actingPostId).toBe(post.body.id);
    const listed = (await admin.get(`/api/org/posts?q=neoria`)).body.items[0];
    expect(listed.holders.map((h: any) => h.username)).toEqual(['sho.neoria']);
  });

  it('hands over a charge: the old holder loses the post, the post stays and gets the new holder', async () => {
    const post = (await admin.get('/api/org/posts?q=PBT-PS-JAHANABAD-SHO')).body.items[0];
    const oldCharge = post.holders[0].chargeId;
    const ended = await admin.post(`/api/org/charges/${oldCharge}/end`, {});
    expect(ended.status).toBe(200);
    const oldHolder = await new ApiClient(base).login('sho.jahanabad');
    expect(oldHolder.posts).toEqual([]);
    expect(oldHolder.actingPostId).toBeNull();
    const newUser = (await admin.get('/api/org/users?q=sho.amariya')).body.items[0];
    expect(
      (await admin.post('/api/org/charges', { userId: newUser.id, postId: post.id, type: 'additional', from: '2026-01-01' })).status,
    ).toBe(201);
    const after = (await admin.get('/api/org/posts?q=PBT-PS-JAHANABAD-SHO')).body.items[0];
    expect(after.id).toBe(post.id);
    expect(after.holders.map((h: any) => [h.username, h.type])).toEqual([['sho.amariya', 'additional']]);
    const again = await admin.post(`/api/org/charges/${oldCharge}/end`, {});
    expect(again.status).toBe(422);
    expect(again.body.error).toBe('INVALID_STATE');
  });

  it('refuses a duplicate code with a clear message in the user’s language', async () => {
    const hi = await loggedIn(base, 'admin', 'hi');
    await hi.put('/api/me/locale', { locale: 'hi' });
    const res = await hi.post('/api/org/posts', {
      code: 'PBT-SP-SP',
      designation: { en: 'x', hi: 'x' },
      officeId: office('PBT-SP').id,
      sectionId: null,
      capabilities: [],
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('DUPLICATE');
    expect(res.body.message).toBe('पद कोड "PBT-SP-SP" पहले से मौजूद है।');
    await hi.put('/api/me/locale', { locale: 'en' });
  });

  it('lists every invalid field with its path', async () => {
    const res = await admin.post('/api/org/users', { username: 'X!', name: { en: '', hi: 'ठीक' }, password: 'short', mobile: '12345' });
    expect(res.status).toBe(400);
    const paths = res.body.details.issues.map((i: any) => i.path.join('.')).sort();
    expect(paths).toEqual(['mobile', 'name.en', 'password', 'username']);
  });

  it('refuses a section of another office for a post', async () => {
    const spDak = (await admin.get(`/api/org/sections?officeId=${office('PBT-SP').id}`)).body.items.find((s: any) => s.code === 'DAK');
    const res = await admin.post('/api/org/posts', {
      code: 'BAD-SECTION',
      designation: { en: 'x', hi: 'x' },
      officeId: office('PBT-DM').id,
      sectionId: spDak.id,
      capabilities: [],
    });
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/section belongs to a different office/);
  });

  it('refuses to move an office under its own sub-office', async () => {
    const city = office('PBT-CO-CITY');
    const res = await admin.patch(`/api/org/offices/${city.id}`, { version: city.version, parentId: office('PBT-PS-KOTWALI').id });
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/cannot be placed under itself/);
  });

  it('of two concurrent edits from the same version exactly one wins; the other gets 409 with the current state', async () => {
    const post = (await admin.get('/api/org/posts?q=PBT-PS-PURANPUR-MUNSHI')).body.items[0];
    const other = await loggedIn(base, 'admin');
    const [a, b] = await Promise.all([
      admin.patch(`/api/org/posts/${post.id}`, { version: post.version, designation: { en: 'Munshi A', hi: 'मुंशी अ' } }),
      other.patch(`/api/org/posts/${post.id}`, { version: post.version, designation: { en: 'Munshi B', hi: 'मुंशी ब' } }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    const winner = a.status === 200 ? a : b;
    expect(loser.body.error).toBe('CONFLICT');
    expect(loser.body.details.current.designation).toEqual(winner.body.designation);
    expect(loser.body.details.current.version).toBe(post.version + 1);
  });

  it('never leaves the installation without an administrator', async () => {
    const adminUser = (await admin.get('/api/org/users?q=admin')).body.items.find((u: any) => u.username === 'admin');
    const res = await admin.patch(`/api/org/users/${adminUser.id}`, { version: adminUser.version, active: false });
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/no active administrator/);
  });

  it('filters and paginates posts', async () => {
    const page1 = (await admin.get('/api/org/posts?pageSize=5&page=1')).body;
    const page2 = (await admin.get('/api/org/posts?pageSize=5&page=2')).body;
    expect(page1.items).toHaveLength(5);
    expect(page1.total).toBeGreaterThanOrEqual(24);
    expect(page2.items[0].code > page1.items[4].code).toBe(true);
    const hindi = (await admin.get(`/api/org/posts?q=${encodeURIComponent('मुंशी')}`)).body;
    expect(hindi.items.length).toBeGreaterThanOrEqual(5);
    for (const p of hindi.items) expect(p.designation.hi).toContain('मुंशी');
  });
});

describe('the org snapshot every request reads (loadOrg)', () => {
  it('is read once and kept while the org stands; a change — also one rolled back — is never missed nor leaked', async () => {
    const { loadOrg } = await import('../../backend/src/modules/org/index.js');
    const em = () => system.deps.orm.em.fork();
    const first = await loadOrg(em());
    // nothing changed: the same snapshot, no second read of every office, section and post
    expect(await loadOrg(em())).toBe(first);

    const post = (await admin.get('/api/org/posts?q=PBT-PS-AMARIYA-SHO')).body.items[0];
    const edited = await admin.patch(`/api/org/posts/${post.id}`, {
      version: post.version,
      designation: { en: 'SHO Amariya', hi: 'थानाध्यक्ष अमरिया' },
    });
    expect(edited.status).toBe(200);
    const after = await loadOrg(em());
    expect(after).not.toBe(first);
    expect(after.posts.get(post.id)!.designationEn).toBe('SHO Amariya');

    // a transaction sees its own change; once it rolls back, nobody is served what it read
    const tx = em();
    await tx.begin();
    await tx
      .getConnection()
      .execute(`update post set designation_en = 'Rolled back' where id = ?`, [post.id], 'run', tx.getTransactionContext());
    expect((await loadOrg(tx)).posts.get(post.id)!.designationEn).toBe('Rolled back');
    await tx.rollback();
    const now = await loadOrg(em());
    expect(now.posts.get(post.id)!.designationEn).toBe('SHO Amariya');
  });
});
