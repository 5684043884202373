/**
 * The signing agent's installers, as `npm run agent:build -- --publish` leaves them in
 * <DATA_DIR>/agent-downloads: listed per OS (with size, SHA-256 and version, the newest of the
 * preferred kind marked `recommended`) and served, so the My DSC page can offer the officer the
 * right one. Installers are no secret: any signed-in user may list and fetch them. Whether the
 * agent already runs, the page asks the agent itself (GET <agentUrl>/v1/status, see
 * signing-agent/README.md); `/api/signing/config` says where the agent is.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { route } from '../../http/route.js';
import { AppError } from '../../shared/app-error.js';
import type { Scope } from '../../shared/scope.js';

const AGENT_OSES = ['linux', 'windows'] as const;
const AGENT_FORMATS = ['deb', 'zip', 'executable'] as const;
type AgentOs = (typeof AGENT_OSES)[number];
type AgentFormat = (typeof AGENT_FORMATS)[number];

export const agentDownloadOut = z.object({
  file: z.string(),
  os: z.enum(AGENT_OSES),
  format: z
    .enum(AGENT_FORMATS)
    .describe('deb: BOSS/Debian/Ubuntu package; zip: Windows package with install.ps1; executable: one file, no Node.js needed'),
  arch: z.string().describe('amd64/x64, arm64'),
  version: z.string(),
  size: z.int(),
  sha256: z.string().describe('hex'),
  url: z.string().describe('where to download it (this API)'),
  recommended: z.boolean().describe('the one to offer for this OS and architecture: newest version, preferred format (deb, zip)'),
});
export const agentDownloadsOut = z.object({
  latestVersion: z.string().nullable(),
  downloads: z.array(agentDownloadOut),
});
export const agentDownloadParams = z.object({ file: z.string().max(255) });
export type AgentDownload = z.infer<typeof agentDownloadOut>;

/** The names scripts/build-agent.ts gives its results; nothing else in the folder is served. */
const PATTERNS: { re: RegExp; os: AgentOs; format: AgentFormat }[] = [
  { re: /^patravali-signing-agent_(\d+\.\d+\.\d+(?:~[0-9A-Za-z.]+)?)_(amd64|arm64)\.deb$/, os: 'linux', format: 'deb' },
  { re: /^patravali-signing-agent-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)-windows-(x64|arm64)\.zip$/, os: 'windows', format: 'zip' },
  { re: /^patravali-signing-agent-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)-windows-(x64|arm64)\.exe$/, os: 'windows', format: 'executable' },
  { re: /^patravali-signing-agent-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)-linux-(x64|arm64)$/, os: 'linux', format: 'executable' },
];
const PREFERENCE: Record<AgentFormat, number> = { deb: 0, zip: 0, executable: 1 };
const CONTENT_TYPES: Record<AgentFormat, string> = {
  deb: 'application/vnd.debian.binary-package',
  zip: 'application/zip',
  executable: 'application/octet-stream',
};

/** SHA-256 of each installer, computed once per (path, size, mtime): the executables are ~100 MB. */
const hashes = new Map<string, Promise<string>>();

function downloadsDir(scope: Scope): string {
  return path.join(scope.deps.env.DATA_DIR, 'agent-downloads');
}

/** Compares x.y.z[-pre] versions; a pre-release sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const [coreA, preA] = a.split(/[-~](.*)/s) as [string, string | undefined];
  const [coreB, preB] = b.split(/[-~](.*)/s) as [string, string | undefined];
  const na = coreA.split('.').map(Number);
  const nb = coreB.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (na[i] !== nb[i]) return (na[i] ?? 0) - (nb[i] ?? 0);
  if (preA === preB) return 0;
  if (preA === undefined) return 1;
  if (preB === undefined) return -1;
  return preA.localeCompare(preB, 'en', { numeric: true });
}

async function sha256(file: string, st: fs.Stats): Promise<string> {
  const key = `${file}\0${st.size}\0${st.mtimeMs}`;
  let hash = hashes.get(key);
  if (!hash) {
    const h = crypto.createHash('sha256');
    hash = pipeline(fs.createReadStream(file), h).then(() => h.digest('hex'));
    hash.catch(() => hashes.delete(key));
    hashes.set(key, hash);
  }
  return hash;
}

/** Lists the installers published for officers' computers, newest first, the one to offer per OS marked. */
export async function listAgentDownloads(scope: Scope): Promise<z.infer<typeof agentDownloadsOut>> {
  const dir = downloadsDir(scope);
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { latestVersion: null, downloads: [] };
    throw e;
  }
  const downloads: AgentDownload[] = [];
  for (const name of names.sort()) {
    const kind = PATTERNS.find((p) => p.re.test(name));
    if (!kind) continue;
    const [, version, arch] = kind.re.exec(name)!;
    const st = await fs.promises.stat(path.join(dir, name)).catch(() => null);
    if (!st?.isFile()) continue;
    downloads.push({
      file: name,
      os: kind.os,
      format: kind.format,
      arch: arch!,
      version: version!.replace('~', '-'),
      size: st.size,
      sha256: await sha256(path.join(dir, name), st),
      url: `/api/signing/agent/downloads/${encodeURIComponent(name)}`,
      recommended: false,
    });
  }
  downloads.sort(
    (a, b) => compareVersions(b.version, a.version) || PREFERENCE[a.format] - PREFERENCE[b.format] || a.file.localeCompare(b.file),
  );
  const offered = new Set<string>();
  for (const d of downloads) {
    const slot = `${d.os}/${d.arch.replace('amd64', 'x64')}`;
    if (offered.has(slot)) continue;
    offered.add(slot);
    d.recommended = true;
  }
  return { latestVersion: downloads[0]?.version ?? null, downloads };
}

/** One listed installer's path and type; anything not listed is NOT_FOUND. */
export async function findAgentDownload(scope: Scope, file: string): Promise<{ path: string; download: AgentDownload }> {
  const download = (await listAgentDownloads(scope)).downloads.find((d) => d.file === file);
  if (!download) throw new AppError('NOT_FOUND');
  return { path: path.join(downloadsDir(scope), download.file), download };
}

const tags = ['signing'];

export const agentDownloadRoutes = [
  route({
    method: 'get',
    path: '/api/signing/agent/downloads',
    summary: 'The signing agent installers published on this server, per OS, with version and SHA-256',
    tags,
    access: 'user',
    response: agentDownloadsOut,
    handler: (scope) => listAgentDownloads(scope),
  }),
  route({
    method: 'get',
    path: '/api/signing/agent/downloads/:file',
    summary: 'One signing agent installer (.deb, Windows .zip or one-file executable)',
    tags,
    access: 'user',
    params: agentDownloadParams,
    raw: { contentType: 'application/octet-stream' },
    handler: async (scope, { params, koa }) => {
      const { path: file, download } = await findAgentDownload(scope, params.file);
      koa.type = CONTENT_TYPES[download.format];
      koa.length = download.size;
      koa.set('Content-Disposition', `attachment; filename="${download.file}"`);
      koa.set('Cache-Control', 'private, no-cache');
      koa.set('ETag', `"${download.sha256}"`);
      koa.body = fs.createReadStream(file);
    },
  }),
];
