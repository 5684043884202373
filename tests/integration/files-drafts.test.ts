import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { loggedIn, type ApiClient } from '../support/api-client.js';

/** Drafts for approval (DFA): versions with author and time, word diff, comments, approval and its rules. */
let system: TestSystem;
let reader: ApiClient;
let sp: ApiClient;
let crime: ApiClient;
let spPost: string;

beforeAll(async () => {
  system = await bootSystem();
  [reader, sp, crime] = (await Promise.all(['reader.sp', 'sp', 'crime.sp'].map((u) => loggedIn(system.url!, u)))) as [
    ApiClient,
    ApiClient,
    ApiClient,
  ];
  spPost = (await reader.get('/api/org/posts?q=PBT-SP-SP')).body.items.find((p: any) => p.code === 'PBT-SP-SP').id;
});
afterAll(async () => system?.stop());

describe('drafts', () => {
  it('are versioned, diffed, commented on and approved by another post; the approver’s edits are marked as theirs', async () => {
    const head = (await reader.get('/api/file-heads')).body.items.find((h: any) => h.code === 'COMPLAINT');
    let file = (await reader.post('/api/files', { headId: head.id, subject: 'Complaint of Shri Ram Avtar, village Bilsanda' })).body;
    const created = await reader.post(`/api/files/${file.id}/drafts`, {
      version: file.version,
      subject: 'Reply to complainant',
      addressee: 'Shri Ram Avtar, village Bilsanda',
      body: '<p>Your complaint dated 10 November has been examined. The SHO Bilsanda has been directed to register a case.</p><script>x</script>',
    });
    expect(created.status).toBe(201);
    let draft = created.body;
    expect(draft).toMatchObject({
      status: 'draft',
      currentVersion: 1,
      readyForSigning: false,
      abilities: { revise: true, approve: false },
    });
    expect(draft.versions[0].body).not.toContain('script');

    // the drafter's own post cannot approve it
    const own = await reader.post(`/api/files/${file.id}/drafts/${draft.id}/approve`, { version: draft.version });
    expect(own.status).toBe(422);
    expect(own.body.message).toMatch(/drafted it/);

    file = (await reader.get(`/api/files/${file.id}`)).body;
    expect(file.drafts).toEqual([expect.objectContaining({ id: draft.id, status: 'draft' })]);
    await reader.post(`/api/files/${file.id}/send`, {
      version: file.version,
      toPostId: spPost,
      remarks: 'Draft reply put up for approval',
    });

    // the SP edits (a new version marked as the approver's), comments and approves
    draft = (await sp.get(`/api/files/${file.id}/drafts/${draft.id}`)).body;
    expect(draft.abilities).toEqual({ revise: true, approve: true, comment: true });
    const revised = await sp.post(`/api/files/${file.id}/drafts/${draft.id}/versions`, {
      version: draft.version,
      remark: 'Tone and action',
      body: '<p>Your complaint dated 10 November 2026 has been examined. The SHO Bilsanda has been directed to register an FIR and report within seven days.</p>',
    });
    expect(revised.status).toBe(200);
    draft = revised.body;
    expect(draft.versions.map((v: any) => [v.no, v.author.code, v.byApprover])).toEqual([
      [1, 'PBT-SP-READER', false],
      [2, 'PBT-SP-SP', true],
    ]);
    const unchanged = await sp.post(`/api/files/${file.id}/drafts/${draft.id}/versions`, {
      version: draft.version,
      body: draft.versions[1].body,
    });
    expect(unchanged.status).toBe(422);

    const diff = (await sp.get(`/api/files/${file.id}/drafts/${draft.id}/diff?from=1&to=2`)).body;
    const added = diff.parts
      .filter((p: any) => p.op === 'added')
      .map((p: any) => p.value)
      .join('');
    const removed = diff.parts
      .filter((p: any) => p.op === 'removed')
      .map((p: any) => p.value)
      .join('');
    expect(added).toMatch(/2026/);
    expect(added).toMatch(/FIR/);
    expect(removed).toMatch(/case/);
    expect(diff.added).toBeGreaterThan(3);
    expect((await sp.get(`/api/files/${file.id}/drafts/${draft.id}/diff?from=1&to=9`)).status).toBe(404);

    draft = (await sp.post(`/api/files/${file.id}/drafts/${draft.id}/comments`, { text: 'Approved with changes' })).body;
    expect(draft.comments).toEqual([expect.objectContaining({ versionNo: 2, text: 'Approved with changes' })]);

    const stale = await sp.post(`/api/files/${file.id}/drafts/${draft.id}/approve`, { version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.details.current.currentVersion).toBe(2);
    const approved = await sp.post(`/api/files/${file.id}/drafts/${draft.id}/approve`, { version: draft.version });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      approvedVersion: 2,
      readyForSigning: true,
      approvedBy: { code: 'PBT-SP-SP' },
    });
    expect((await sp.post(`/api/files/${file.id}/drafts/${draft.id}/approve`, { version: approved.body.version })).status).toBe(422);

    // a change after approval withdraws it
    const after = (
      await sp.post(`/api/files/${file.id}/drafts/${draft.id}/versions`, { version: approved.body.version, body: '<p>Changed again.</p>' })
    ).body;
    expect(after).toMatchObject({ status: 'draft', approvedVersion: null, readyForSigning: false, currentVersion: 3 });

    // the reader no longer holds the file: can read the draft, cannot revise it; an outsider cannot see it at all
    expect((await reader.get(`/api/files/${file.id}/drafts/${draft.id}`)).status).toBe(200);
    const notHolder = await reader.post(`/api/files/${file.id}/drafts/${draft.id}/versions`, { version: after.version, body: '<p>x</p>' });
    expect(notHolder.status).toBe(409);
    expect(notHolder.body.error).toBe('NOT_WITH_YOU');
    expect((await crime.get(`/api/files/${file.id}/drafts/${draft.id}`)).status).toBe(404);
    expect((await crime.get(`/api/files/${file.id}/drafts/${draft.id}/diff?from=1&to=2`)).status).toBe(404);

    const history = (await sp.get(`/api/files/${file.id}/history`)).body.items.map((e: any) => e.action);
    expect(history).toEqual([
      'file.open',
      'file.draft.create',
      'file.send',
      'file.draft.revise',
      'file.draft.comment',
      'file.draft.approve',
      'file.draft.revise',
    ]);
  });
});
