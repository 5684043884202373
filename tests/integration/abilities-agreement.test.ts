import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { loggedIn, type ApiClient } from '../support/api-client.js';
import { waitForOcr } from '../support/scans.js';
import { receiptOut } from '../../backend/src/modules/dak/dak.schemas.js';
import { draftOut, fileOut } from '../../backend/src/modules/files/files.schemas.js';

/**
 * The `abilities` an item shows agree with what the API then does: every item state × every role,
 * every flag is tried through the API. A flag that says yes must succeed (2xx); a flag that says no
 * must be refused (4xx) and change nothing (the item's row, its notes and drafts, and the count of
 * every table a use case writes to are the same before and after). An outsider, who is shown
 * nothing (404), must be refused everything too.
 *
 * Roles: the holder, the previous holder, a copy recipient, a supervising post that inspected the
 * item from pendency (read-only access), the dak clerk who diarised it, and an outsider (another
 * office). Not walked: receipt `edit` (no route of its own), note `canSign` and dispatch abilities
 * (they need an enrolled certificate: signing.test.ts), pendency abilities.
 */
let system: TestSystem;
let posts: Record<string, string>;
let heads: Record<string, { id: string }>;
const c = {} as Record<'dak' | 'reader' | 'crime' | 'est' | 'sp' | 'sho', ApiClient>;
type Role = 'holder' | 'previousHolder' | 'copyRecipient' | 'inspector' | 'dakClerk' | 'outsider';
/** Who the roles are unless a scenario says otherwise. */
const chain = (holder: ApiClient, previousHolder: ApiClient | null): Partial<Record<Role, ApiClient>> => ({
  holder,
  ...(previousHolder ? { previousHolder } : {}),
  copyRecipient: c.est,
  inspector: c.sp,
  dakClerk: c.dak,
  outsider: c.sho,
});
// the order roles look in: only the holder's first look changes what the others may do (no pull back after it)
const ROLE_ORDER: Role[] = ['outsider', 'dakClerk', 'inspector', 'copyRecipient', 'previousHolder', 'holder'];

interface Built {
  type: 'receipt' | 'file' | 'draft';
  id: string;
  /** The file of a draft. */
  fileId?: string;
  roles: Partial<Record<Role, ApiClient>>;
}
/** An attempt, prepared: the inputs it needs exist before the snapshot is taken. */
type Prepare = (client: ApiClient, item: Built, view: any) => Promise<() => Promise<{ status: number; body: any }>>;

const ok = (status: number) => status >= 200 && status < 300;
const refused = (status: number) => status >= 400 && status < 500;
let png = 0;

async function pngForm(): Promise<FormData> {
  const bytes = await sharp({
    create: { width: 200, height: 280, channels: 3, background: { r: 255, g: png % 256, b: Math.floor(png++ / 256) % 256 } },
  })
    .png()
    .toBuffer();
  const form = new FormData();
  form.append('files', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), `agreement-${png}.png`);
  return form;
}

const particulars = (subject: string) => ({ receivedDate: '2026-11-20', mode: 'post', sender: 'DIG, Bareilly Range', subject });

async function expectOk<T = any>(res: Promise<{ status: number; body: any }>): Promise<T> {
  const r = await res;
  expect(ok(r.status), JSON.stringify(r.body)).toBe(true);
  return r.body;
}

// ---------------------------------------------------------------------------------------------- builders

async function registered(subject = 'Agreement receipt'): Promise<any> {
  return (await expectOk(c.dak.post('/api/receipts', particulars(subject)))).receipt;
}

/** dak → reader (copy to est) → crime: crime holds it, unopened; the SP has inspected it. */
async function sentReceipt(): Promise<{ id: string; version: number }> {
  const r = await registered();
  const first = await expectOk(
    c.dak.post(`/api/receipts/${r.id}/send`, { version: r.version, toPostId: posts['PBT-SP-READER'], copyTo: [posts['PBT-SP-EST']] }),
  );
  const second = await expectOk(c.reader.post(`/api/receipts/${r.id}/send`, { version: first.version, toPostId: posts['PBT-SP-CRIME'] }));
  expect((await expectOk(c.sp.post(`/api/pendency/items/receipt/${r.id}/inspect`))).granted).toBe(true);
  return { id: r.id, version: second.version };
}

/** A file the client's post holds, open: where it puts receipts and what it links to. */
const trays = new Map<ApiClient, string>();
async function trayOf(client: ApiClient): Promise<any> {
  if (!trays.has(client)) {
    if (client === c.dak) {
      const f = await expectOk(c.reader.post('/api/files', { headId: heads.GEN!.id, subject: 'Tray of the dak clerk' }));
      await expectOk(c.reader.post(`/api/files/${f.id}/send`, { version: f.version, toPostId: posts['PBT-SP-DAK'] }));
      trays.set(client, f.id);
    } else {
      const head = (await expectOk(client.get('/api/file-heads'))).items[0]; // a head of the post's own office
      trays.set(client, (await expectOk(client.post('/api/files', { headId: head.id, subject: 'Tray' }))).id);
    }
  }
  return expectOk(client.get(`/api/files/${trays.get(client)}`));
}

/** A diarised receipt the client's post holds. */
async function receiptHeldBy(client: ApiClient, post: string): Promise<any> {
  const r = await registered('Receipt to put in a file');
  if (client === c.dak) return r;
  await expectOk(c.dak.post(`/api/receipts/${r.id}/send`, { version: r.version, toPostId: post }));
  return expectOk(client.get(`/api/receipts/${r.id}`));
}
const postOf = () =>
  new Map<ApiClient, string>([
    [c.dak, posts['PBT-SP-DAK']!],
    [c.reader, posts['PBT-SP-READER']!],
    [c.crime, posts['PBT-SP-CRIME']!],
    [c.est, posts['PBT-SP-EST']!],
    [c.sp, posts['PBT-SP-SP']!],
    [c.sho, posts['PBT-PS-KOTWALI-SHO']!],
  ]);

/** reader opens a file and sends it to crime (copy to est); crime adds a yellow note; the SP inspects it. */
async function fileAtCrime(): Promise<{ id: string; version: number }> {
  const f = await expectOk(c.reader.post('/api/files', { headId: heads.CRIME!.id, subject: 'Agreement file' }));
  const noted = await expectOk(c.reader.post(`/api/files/${f.id}/notes`, { version: f.version, body: '<p>Put up for orders.</p>' }));
  const sent = await expectOk(
    c.reader.post(`/api/files/${f.id}/send`, { version: noted.version, toPostId: posts['PBT-SP-CRIME'], copyTo: [posts['PBT-SP-EST']] }),
  );
  const withNote = await expectOk(
    c.crime.post(`/api/files/${f.id}/notes`, { version: sent.version, body: '<p>Enquiry report awaited.</p>' }),
  );
  expect((await expectOk(c.sp.post(`/api/pendency/items/file/${f.id}/inspect`))).granted).toBe(true);
  return { id: f.id, version: withNote.version };
}

/** reader opens a file and drafts a reply in it (the SP inspects the file). */
async function drafted(): Promise<{ fileId: string; fileVersion: number; draftId: string }> {
  const f = await expectOk(c.reader.post('/api/files', { headId: heads.COMPLAINT!.id, subject: 'Agreement complaint' }));
  const d = await expectOk(
    c.reader.post(`/api/files/${f.id}/drafts`, {
      version: f.version,
      subject: 'Reply to the complainant',
      body: '<p>Your complaint has been examined.</p>',
    }),
  );
  expect((await expectOk(c.sp.post(`/api/pendency/items/file/${f.id}/inspect`))).granted).toBe(true);
  const file = await expectOk(c.reader.get(`/api/files/${f.id}`));
  return { fileId: f.id, fileVersion: file.version, draftId: d.id };
}
/** The drafted file sent to the SP for approval (copy to est). */
async function submitted(): Promise<{ fileId: string; draftId: string }> {
  const d = await drafted();
  await expectOk(
    c.reader.post(`/api/files/${d.fileId}/send`, { version: d.fileVersion, toPostId: posts['PBT-SP-SP'], copyTo: [posts['PBT-SP-EST']] }),
  );
  return d;
}

const receipt = (id: string, roles: Partial<Record<Role, ApiClient>>): Built => ({ type: 'receipt', id, roles });
const file = (id: string, roles: Partial<Record<Role, ApiClient>>): Built => ({ type: 'file', id, roles });
const draft = (fileId: string, id: string, roles: Partial<Record<Role, ApiClient>>): Built => ({ type: 'draft', id, fileId, roles });

const SCENARIOS: Array<{ name: string; build: () => Promise<Built> }> = [
  {
    name: 'receipt: draft (a scan not yet diarised)',
    build: async () => {
      const res = await expectOk(c.dak.request('POST', '/api/receipts/scans', await pngForm()));
      const r = res.receipts[0];
      await waitForOcr(c.dak, r.id); // the scan's processing moves the receipt's version on: wait for a settled receipt
      expect((await expectOk(c.sp.post(`/api/pendency/items/receipt/${r.id}/inspect`))).granted).toBe(true);
      return receipt(r.id, { holder: c.dak, inspector: c.sp, outsider: c.sho });
    },
  },
  {
    name: 'receipt: diarised, with the dak clerk',
    build: async () => {
      const r = await registered();
      expect((await expectOk(c.sp.post(`/api/pendency/items/receipt/${r.id}/inspect`))).granted).toBe(true);
      return receipt(r.id, { holder: c.dak, inspector: c.sp, outsider: c.sho });
    },
  },
  { name: 'receipt: sent on, not yet opened', build: async () => receipt((await sentReceipt()).id, chain(c.crime, c.reader)) },
  {
    name: 'receipt: sent on and opened by its holder',
    build: async () => {
      const r = await sentReceipt();
      await expectOk(c.crime.get(`/api/receipts/${r.id}`));
      return receipt(r.id, chain(c.crime, c.reader));
    },
  },
  {
    name: 'receipt: parked',
    build: async () => {
      const r = await sentReceipt();
      await expectOk(c.crime.post(`/api/receipts/${r.id}/park`, { version: r.version }));
      return receipt(r.id, chain(c.crime, c.reader));
    },
  },
  {
    name: 'receipt: closed',
    build: async () => {
      const r = await sentReceipt();
      await expectOk(c.crime.post(`/api/receipts/${r.id}/close`, { version: r.version }));
      return receipt(r.id, chain(c.crime, c.reader));
    },
  },
  {
    name: 'receipt: put in a file',
    build: async () => {
      const r = await sentReceipt();
      const tray = await trayOf(c.crime);
      await expectOk(
        c.crime.post(`/api/files/${tray.id}/correspondence`, { version: tray.version, receiptId: r.id, receiptVersion: r.version }),
      );
      return receipt(r.id, chain(c.crime, c.reader));
    },
  },
  { name: 'file: main, open, with the holder', build: async () => file((await fileAtCrime()).id, chain(c.crime, c.reader)) },
  {
    name: 'file: main, parked',
    build: async () => {
      const f = await fileAtCrime();
      await expectOk(c.crime.post(`/api/files/${f.id}/park`, { version: f.version }));
      return file(f.id, chain(c.crime, c.reader));
    },
  },
  {
    name: 'file: main, closed by its creator',
    build: async () => {
      const f = await fileAtCrime();
      const back = await expectOk(c.crime.post(`/api/files/${f.id}/return`, { version: f.version }));
      await expectOk(c.reader.post(`/api/files/${f.id}/close`, { version: back.version }));
      return file(f.id, chain(c.reader, c.crime));
    },
  },
  {
    name: 'file: a part file',
    build: async () => {
      const f = await fileAtCrime();
      const part = await expectOk(c.crime.post(`/api/files/${f.id}/parts`, { kind: 'part' }));
      // a part file starts with its opener alone: the main file's chain does not see it
      return file(part.id, { holder: c.crime, dakClerk: c.dak, outsider: c.sho });
    },
  },
  {
    name: 'draft: with its drafter',
    build: async () => {
      const d = await drafted();
      return draft(d.fileId, d.draftId, { holder: c.reader, inspector: c.sp, dakClerk: c.dak, outsider: c.sho });
    },
  },
  {
    name: 'draft: put up for approval',
    build: async () => {
      const d = await submitted();
      return draft(d.fileId, d.draftId, { holder: c.sp, previousHolder: c.reader, copyRecipient: c.est, dakClerk: c.dak, outsider: c.sho });
    },
  },
  {
    name: 'draft: approved',
    build: async () => {
      const d = await submitted();
      const view = await expectOk(c.sp.get(`/api/files/${d.fileId}/drafts/${d.draftId}`));
      await expectOk(c.sp.post(`/api/files/${d.fileId}/drafts/${d.draftId}/approve`, { version: view.version }));
      return draft(d.fileId, d.draftId, { holder: c.sp, previousHolder: c.reader, copyRecipient: c.est, dakClerk: c.dak, outsider: c.sho });
    },
  },
  {
    name: 'draft: in a closed file',
    build: async () => {
      const d = await drafted();
      await expectOk(c.reader.post(`/api/files/${d.fileId}/close`, { version: d.fileVersion }));
      return draft(d.fileId, d.draftId, { holder: c.reader, inspector: c.sp, dakClerk: c.dak, outsider: c.sho });
    },
  },
];

// ---------------------------------------------------------------------------------------------- actions

const move =
  (plural: string, action: string, body: (v: any) => Record<string, unknown> = (v) => ({ version: v.version })): Prepare =>
  async (client, item, view) =>
  () =>
    client.post(`/api/${plural}/${item.id}/${action}`, body(view));
const moves = (plural: string): Record<string, Prepare> => ({
  send: move(plural, 'send', (v) => ({ version: v.version, toPostId: posts['PBT-SP-ASP'] })),
  pullBack: move(plural, 'pull-back'),
  return: move(plural, 'return'),
  park: move(plural, 'park'),
  unpark: move(plural, 'unpark'),
  close: move(plural, 'close'),
  reopen: move(plural, 'reopen'),
});

const ACTIONS: Record<Built['type'], Record<string, Prepare>> = {
  receipt: {
    ...moves('receipts'),
    diarise: async (client, item, view) => () =>
      client.post(`/api/receipts/${item.id}/diarise`, { version: view.version, ...particulars('Diarised in the agreement walk') }),
    addPages: async (client, item) => {
      const form = await pngForm();
      return () => client.request('POST', `/api/receipts/scans?receiptId=${item.id}`, form);
    },
    putInFile: async (client, item, view) => {
      const tray = await trayOf(client);
      return () =>
        client.post(`/api/files/${tray.id}/correspondence`, { version: tray.version, receiptId: item.id, receiptVersion: view.version });
    },
  },
  file: {
    ...moves('files'),
    note: async (client, item, view) => () =>
      client.post(`/api/files/${item.id}/notes`, { version: view.version, body: '<p>A note in the agreement walk.</p>' }),
    addCorrespondence: async (client, item, view) => {
      const r = await receiptHeldBy(client, postOf().get(client)!);
      return () =>
        client.post(`/api/files/${item.id}/correspondence`, { version: view.version, receiptId: r.id, receiptVersion: r.version });
    },
    draft: async (client, item, view) => () =>
      client.post(`/api/files/${item.id}/drafts`, { version: view.version, subject: 'A reply', body: '<p>Reply.</p>' }),
    link: async (client, item, view) => {
      const other = await trayOf(client);
      return () => client.post(`/api/files/${item.id}/links`, { version: view.version, fileId: other.id });
    },
    createPart: async (client, item) => () => client.post(`/api/files/${item.id}/parts`, { kind: 'part' }),
  },
  draft: {
    revise: async (client, item, view) => () =>
      client.post(`/api/files/${item.fileId}/drafts/${item.id}/versions`, {
        version: view.version,
        body: `<p>Revised ${Math.random()}</p>`,
      }),
    approve: async (client, item, view) => () =>
      client.post(`/api/files/${item.fileId}/drafts/${item.id}/approve`, { version: view.version }),
    comment: async (client, item) => () =>
      client.post(`/api/files/${item.fileId}/drafts/${item.id}/comments`, { text: 'A comment in the agreement walk' }),
  },
};
/** Per-note flags: `canEdit:<noteId>` tries editing that note. */
const noteAction =
  (noteId: string): Prepare =>
  async (client, item, view) =>
  () =>
    client.patch(`/api/files/${item.id}/notes/${noteId}`, { version: view.version, body: '<p>Edited.</p>' });
const UNWALKED = new Set(['edit']);

const viewPath = (item: Built) =>
  item.type === 'receipt'
    ? `/api/receipts/${item.id}`
    : item.type === 'file'
      ? `/api/files/${item.id}`
      : `/api/files/${item.fileId}/drafts/${item.id}`;

/** What one who is shown nothing (404) sends: the item's current version, read from the database. */
async function versionOnly(item: Built): Promise<{ version: number }> {
  const table = { receipt: 'receipt', file: 'efile', draft: 'draft' }[item.type];
  return (await system.deps.pool.query(`select version from ${table} where id = $1`, [item.id])).rows[0];
}

/** Every flag of a view: its abilities, and per note `canEdit` (named by paragraph number); for one shown nothing, every action, as no. */
function flagsOf(item: Built, view: any): Array<[string, boolean, Prepare]> {
  if (!view) return Object.entries(ACTIONS[item.type]).map(([name, prepare]) => [name, false, prepare]);
  const flags: Array<[string, boolean, Prepare]> = Object.entries(view.abilities as Record<string, boolean>)
    .filter(([name]) => !UNWALKED.has(name))
    .map(([name, value]) => {
      const prepare = ACTIONS[item.type][name];
      if (!prepare) throw new Error(`no attempt written for the ${item.type} ability "${name}": add it to ACTIONS`);
      return [name, value, prepare];
    });
  for (const n of view.notes ?? []) flags.push([`canEdit:${n.no}`, n.canEdit, noteAction(n.id)]);
  return flags;
}

/** What a refused attempt must leave as it was: the item, and how many rows every written table has. */
async function snapshot(item: Built): Promise<string> {
  const q = (sql: string, params: unknown[] = []) => system.deps.pool.query(sql, params).then((r) => r.rows);
  const fileId = item.type === 'file' ? item.id : item.fileId;
  return JSON.stringify(
    await Promise.all([
      q(`select (select count(*) from movement) as movement, (select count(*) from item_access) as access, (select count(*) from audit_event) as audit,
       (select count(*) from efile) as files, (select count(*) from correspondence) as correspondence, (select count(*) from note) as notes,
       (select count(*) from draft) as drafts, (select count(*) from draft_version) as draft_versions, (select count(*) from draft_comment) as comments,
       (select count(*) from file_link) as links, (select count(*) from receipt) as receipts, (select count(*) from receipt_upload) as uploads, (select count(*) from counter) as counters`),
      item.type === 'receipt' ? q(`select to_jsonb(x) - 'updated_at' as row from receipt x where id = $1`, [item.id]) : [],
      fileId ? q(`select to_jsonb(x) - 'updated_at' as row from efile x where id = $1`, [fileId]) : [],
      fileId ? q(`select to_jsonb(n) - 'updated_at' as row from note n where file_id = $1 order by id`, [fileId]) : [],
      fileId ? q(`select to_jsonb(d) as row from draft d where file_id = $1 order by id`, [fileId]) : [],
    ]),
  );
}

beforeAll(async () => {
  system = await bootSystem();
  const users = { dak: 'dak.sp', reader: 'reader.sp', crime: 'crime.sp', est: 'est.sp', sp: 'sp', sho: 'sho.kotwali' } as const;
  for (const [k, u] of Object.entries(users)) c[k as keyof typeof users] = await loggedIn(system.url!, u);
  posts = Object.fromEntries((await c.dak.get('/api/org/posts?pageSize=100')).body.items.map((p: any) => [p.code, p.id]));
  heads = Object.fromEntries((await c.reader.get('/api/file-heads')).body.items.map((h: any) => [h.code, h]));
});
afterAll(async () => system?.stop());

describe('abilities agree with what the API does', () => {
  for (const scenario of SCENARIOS) {
    it(
      scenario.name,
      async () => {
        const problems: string[] = [];
        const item = await scenario.build();
        for (const role of ROLE_ORDER) {
          const client = item.roles[role];
          if (!client) continue;
          const res = await client.get(viewPath(item));
          if (role === 'outsider' || role === 'dakClerk') expect([200, 404]).toContain(res.status);
          else expect(res.status, `${role} sees the ${item.type}`).toBe(200);
          if (role === 'outsider') expect(res.status, 'an outsider is shown nothing').toBe(404);
          const view = res.status === 200 ? res.body : null;
          for (const [flag, allowed, prepare] of flagsOf(item, view)) {
            const at = `${role} · ${flag} (flag ${allowed})`;
            if (allowed) {
              // a yes is tried on an item of its own, built the same way and seen by this role the same way
              const fresh = await scenario.build();
              const same = flagsOf(fresh, await expectOk(client.get(viewPath(fresh)))).find(([f]) => f === flag);
              if (!same?.[1]) {
                problems.push(`${at}: the same state built again shows it otherwise`);
                continue;
              }
              const done = await (await same[2](client, fresh, await expectOk(client.get(viewPath(fresh)))))();
              if (!ok(done.status)) problems.push(`${at}: answered ${done.status} ${done.body?.error} ${done.body?.message ?? ''}`);
            } else {
              const attempt = await prepare(client, item, view ?? (await versionOnly(item)));
              const before = await snapshot(item);
              const done = await attempt();
              if (!refused(done.status)) problems.push(`${at}: answered ${done.status}, not a refusal`);
              else if ((await snapshot(item)) !== before)
                problems.push(
                  `${at}: refused (${done.status} ${done.body?.error}) but something changed: ${before} → ${await snapshot(item)}`,
                );
            }
          }
        }
        expect(problems).toEqual([]);
      },
      180_000,
    );
  }

  it('walks every ability the response schemas declare (a new flag without an attempt fails here)', () => {
    const declared = {
      receipt: receiptOut.shape.abilities.shape,
      file: fileOut.shape.abilities.shape,
      draft: draftOut.shape.abilities.shape,
    };
    for (const [type, flags] of Object.entries(declared)) {
      for (const f of Object.keys(flags))
        expect(!!ACTIONS[type as Built['type']][f] || UNWALKED.has(f), `${type}.${f} has an attempt`).toBe(true);
    }
  });
});
