/**
 * `npm run agent:build [-- options]` — the officer's signing agent as something to install:
 *
 *   <out>/patravali-signing-agent_<version>_<arch>.deb          BOSS / Debian / Ubuntu (dpkg-deb)
 *   <out>/patravali-signing-agent-<version>-linux-<arch>          one-file executable (Node SEA)
 *   <out>/patravali-signing-agent-<version>-windows-x64.zip        Node.js + install.ps1 (needs a Windows pkcs11.node)
 *   <out>/patravali-signing-agent-<version>-windows-x64.exe        one-file executable (needs also a Windows node.exe)
 *
 * All of them run one esbuild bundle of signing-agent/src/main.ts (CommonJS: Node 20's single
 * executables run only CommonJS, and CommonJS needs no require shim for the bundled CommonJS
 * libraries) plus pkcs11js's Node-API binding, which is native code and so is built per OS.
 *
 * Options:
 *   --deb --sea --windows   what to build (default: --deb --sea, and --windows when its binding is at hand)
 *   --origin <url>          the district's e-office origin, written into the .deb's and the Windows config (repeatable)
 *   --out <dir>             default dist/agent
 *   --publish               also copy the results where the backend serves them: <DATA_DIR>/agent-downloads,
 *                           i.e. storage/data/agent-downloads unless --publish-dir <dir> says otherwise
 *   --windows-addon <file>  pkcs11.node built on Windows (`npm ci` there builds node_modules/pkcs11js/build/Release/pkcs11.node)
 *   --windows-node <file>   node.exe (Node ≥ 20.12, x64) to make the Windows single executable from
 *   --maintainer <text>     the .deb's Maintainer field
 */
import crypto from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import * as esbuild from 'esbuild';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const AGENT_DIR = path.join(ROOT, 'signing-agent');
const INSTALL_DIR = path.join(AGENT_DIR, 'install');
const PACKAGE = 'patravali-signing-agent';
const NATIVE_ADDON = path.join(ROOT, 'node_modules', 'pkcs11js', 'build', 'Release', 'pkcs11.node');
/** The sentinel every Node ≥ 20 binary carries for single executable applications. */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
/** What dpkg-shlibdeps finds for pkcs11.node built on Debian 12; used where dpkg-dev is absent. */
const FALLBACK_SHLIBS = 'libc6 (>= 2.34), libstdc++6 (>= 5.2)';

interface Bundle {
  dir: string;
  version: string;
  /** Third-party code in the bundle: name@version, licence and its text. */
  licences: { name: string; version: string; license: string; text: string | null }[];
}

function log(line: string) {
  console.log(`agent:build  ${line}`);
}

// ---------------------------------------------------------------- the bundle

/**
 * pkcs11js loads `./build/Release/pkcs11.node` with require(). In the packages the binding sits
 * beside agent.cjs; a single executable carries it as an asset and writes it once to a per-user
 * folder, as a program can only dlopen() a file.
 */
const NATIVE_LOADER = `
const path = require('node:path');
let sea = null;
try { sea = require('node:sea'); } catch { /* Node < 20.12: not a single executable */ }
let file = path.join(__dirname, 'pkcs11.node');
if (sea && sea.isSea()) {
  const crypto = require('node:crypto');
  const fs = require('node:fs');
  const os = require('node:os');
  const bytes = Buffer.from(sea.getAsset('pkcs11.node'));
  const hash = crypto.createHash('sha256').update(bytes).digest('hex');
  const dir = path.join(os.homedir(), '.patravali-agent', 'native');
  file = path.join(dir, 'pkcs11-' + hash.slice(0, 16) + '.node');
  let good = false;
  try { good = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') === hash; } catch { /* not written yet */ }
  if (!good) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = file + '.' + process.pid;
    fs.writeFileSync(tmp, bytes, { mode: 0o700 });
    fs.renameSync(tmp, file);
  }
}
const binding = { exports: {} };
process.dlopen(binding, file);
module.exports = binding.exports;
`;

const nativeAddonPlugin: esbuild.Plugin = {
  name: 'pkcs11-native',
  setup(build) {
    build.onResolve({ filter: /pkcs11\.node$/ }, (args) => ({ path: args.path, namespace: 'pkcs11-native' }));
    build.onLoad({ filter: /.*/, namespace: 'pkcs11-native' }, () => ({ contents: NATIVE_LOADER, loader: 'js' }));
  },
};

async function bundleAgent(dir: string): Promise<Bundle> {
  const version = (JSON.parse(await readFile(path.join(AGENT_DIR, 'package.json'), 'utf8')) as { version: string }).version;
  const result = await esbuild.build({
    entryPoints: [path.join(AGENT_DIR, 'src', 'main.ts')],
    outfile: path.join(dir, 'agent.cjs'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Readable on purpose: whoever installs what signs for an officer can read it.
    minify: false,
    legalComments: 'none',
    define: {
      PATRAVALI_AGENT_BUILD: JSON.stringify({ version, command: PACKAGE }),
      'import.meta.url': '__agentModuleUrl',
    },
    banner: {
      js: [
        `// Patravali signing agent ${version}: signing-agent/src bundled by scripts/build-agent.ts.`,
        '// The licences of the libraries bundled here are in THIRD-PARTY-LICENSES (the .deb: /usr/share/doc/patravali-signing-agent/copyright).',
        "const __agentModuleUrl = require('node:url').pathToFileURL(__filename).href;",
      ].join('\n'),
    },
    plugins: [nativeAddonPlugin],
    metafile: true,
    logLevel: 'warning',
  });
  await copyFile(NATIVE_ADDON, path.join(dir, 'pkcs11.node'));
  const licences = await bundledLicences(Object.keys(result.metafile.inputs));
  await writeFile(path.join(dir, 'THIRD-PARTY-LICENSES'), licenceText(licences));
  return { dir, version, licences };
}

async function bundledLicences(inputs: string[]): Promise<Bundle['licences']> {
  const roots = new Set<string>(['node_modules/pkcs11js']);
  for (const input of inputs) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) roots.add(m[1]!);
  }
  const out: Bundle['licences'] = [];
  for (const root of [...roots].sort()) {
    const dir = path.join(ROOT, root);
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
    const file = (await readdir(dir)).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    out.push({
      name: pkg.name,
      version: pkg.version,
      license: pkg.license ?? 'see its package',
      text: file ? (await readFile(path.join(dir, file), 'utf8')).trim() : null,
    });
  }
  return out;
}

function licenceText(licences: Bundle['licences']): string {
  const parts = licences.map(
    (l) =>
      `${'-'.repeat(72)}\n${l.name} ${l.version} — ${l.license}\n\n${l.text ?? `(no licence file in the package; its package.json says ${l.license})`}\n`,
  );
  return `Third-party code bundled in the Patravali signing agent (agent.cjs, pkcs11.node)\n\n${parts.join('\n')}`;
}

// ---------------------------------------------------------------- .deb

function debArch(): string {
  const map: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };
  const arch = map[process.arch];
  if (!arch) throw new Error(`no Debian architecture known for ${process.arch}`);
  return arch;
}

/** 1.2.0-beta.1 → 1.2.0~beta.1, which dpkg sorts before 1.2.0 as npm does. */
function debVersion(version: string): string {
  return version.replace('-', '~');
}

async function shlibsDepends(addon: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'agent-shlibs-'));
  try {
    await mkdir(path.join(dir, 'debian'));
    await writeFile(path.join(dir, 'debian', 'control'), `Source: ${PACKAGE}\n\nPackage: ${PACKAGE}\nArchitecture: any\n`);
    await copyFile(addon, path.join(dir, 'pkcs11.node'));
    const { stdout } = await run('dpkg-shlibdeps', ['-O', 'pkcs11.node'], { cwd: dir });
    const deps = /^shlibs:Depends=(.*)$/m.exec(stdout)?.[1]?.trim();
    if (deps) return deps;
  } catch {
    log(`dpkg-shlibdeps unavailable (package dpkg-dev); assuming ${FALLBACK_SHLIBS}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return FALLBACK_SHLIBS;
}

async function put(root: string, rel: string, content: string | Buffer, mode: number): Promise<void> {
  const file = path.join(root, rel);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  await chmod(file, mode);
}

async function walk(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full, base)));
    else out.push(path.relative(base, full));
  }
  return out.sort();
}

async function chmodDirs(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) if (entry.isDirectory()) await chmodDirs(path.join(dir, entry.name));
}

function configTemplate(origins: string[]): Promise<string> {
  return readFile(path.join(INSTALL_DIR, 'linux', 'config'), 'utf8').then((t) => t.replace('@ORIGINS@', origins.join(',')));
}

async function buildDeb(bundle: Bundle, o: { out: string; origins: string[]; maintainer: string }): Promise<string> {
  const arch = debArch();
  const version = debVersion(bundle.version);
  const stage = await mkdtemp(path.join(os.tmpdir(), 'agent-deb-'));
  try {
    const linux = (f: string) => readFile(path.join(INSTALL_DIR, 'linux', f));
    const doc = `usr/share/doc/${PACKAGE}`;
    await put(stage, `opt/${PACKAGE}/agent.cjs`, await readFile(path.join(bundle.dir, 'agent.cjs')), 0o644);
    await put(stage, `opt/${PACKAGE}/pkcs11.node`, await readFile(path.join(bundle.dir, 'pkcs11.node')), 0o644);
    await put(stage, `usr/bin/${PACKAGE}`, await linux(PACKAGE), 0o755);
    await put(stage, `usr/lib/systemd/user/${PACKAGE}.service`, await linux(`${PACKAGE}.service`), 0o644);
    await put(stage, `usr/lib/systemd/user-preset/80-${PACKAGE}.preset`, await linux(`80-${PACKAGE}.preset`), 0o644);
    await put(stage, `etc/${PACKAGE}/config`, await configTemplate(o.origins), 0o644);
    await put(stage, `${doc}/README.md`, await linux('README.md'), 0o644);
    await put(
      stage,
      `${doc}/copyright`,
      `Patravali signing agent ${bundle.version}\nCopyright: the Patravali contributors. Licence: that of the Patravali repository.\n\n${licenceText(bundle.licences)}`,
      0o644,
    );
    const changelog = `${PACKAGE} (${version}) unstable; urgency=medium\n\n  * Built from Patravali signing-agent ${bundle.version}.\n\n -- ${o.maintainer}  ${new Date().toUTCString().replace('GMT', '+0000')}\n`;
    await put(stage, `${doc}/changelog.gz`, zlib.gzipSync(changelog, { level: 9 }), 0o644);

    const files = await walk(stage);
    const conffiles = [`/etc/${PACKAGE}/config`];
    const md5sums = await Promise.all(
      files
        .filter((f) => !conffiles.includes(`/${f}`))
        .map(
          async (f) =>
            `${crypto
              .createHash('md5')
              .update(await readFile(path.join(stage, f)))
              .digest('hex')}  ${f}\n`,
        ),
    );
    let bytes = 0;
    for (const f of files) bytes += (await stat(path.join(stage, f))).size;

    const control = [
      `Package: ${PACKAGE}`,
      `Version: ${version}`,
      `Architecture: ${arch}`,
      `Maintainer: ${o.maintainer}`,
      `Installed-Size: ${Math.ceil(bytes / 1024)}`,
      `Depends: nodejs (>= 20), ${await shlibsDepends(path.join(bundle.dir, 'pkcs11.node'))}`,
      'Recommends: pcscd',
      'Section: utils',
      'Priority: optional',
      'Description: Patravali DSC signing agent for the e-office',
      " Signs the SHA-256 digests that the Patravali e-office, open in the officer's",
      " browser, sends to 127.0.0.1:17365, with the officer's Class 3 DSC on a USB",
      ' token (ePass2003, ProxKey or any token with a PKCS#11 library) or in a .pfx',
      " file. Runs as a systemd user service started at every officer's login.",
      ' .',
      ' Needs Node.js 20 or newer: on Debian 12, BOSS and Ubuntu install the nodejs',
      ' package from NodeSource first.',
      '',
    ].join('\n');
    await put(stage, 'DEBIAN/control', control, 0o644);
    await put(stage, 'DEBIAN/conffiles', conffiles.map((f) => `${f}\n`).join(''), 0o644);
    await put(stage, 'DEBIAN/md5sums', md5sums.join(''), 0o644);
    for (const script of ['postinst', 'prerm', 'postrm']) await put(stage, `DEBIAN/${script}`, await linux(script), 0o755);
    await chmodDirs(stage);

    const target = path.join(o.out, `${PACKAGE}_${version}_${arch}.deb`);
    await run('dpkg-deb', ['--root-owner-group', '-Zxz', '--build', stage, target]);
    return target;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- single executable (Node SEA)

async function buildSea(bundle: Bundle, o: { baseNode: string; addon: string; target: string; windows: boolean }): Promise<string> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'agent-sea-'));
  try {
    const blob = path.join(work, 'agent.blob');
    const config = path.join(work, 'sea-config.json');
    await writeFile(
      config,
      JSON.stringify({
        main: path.join(bundle.dir, 'agent.cjs'),
        output: blob,
        disableExperimentalSEAWarning: true,
        // A code cache is tied to the V8 of the node that builds it: off, so one build serves any base binary.
        useCodeCache: false,
        useSnapshot: false,
        assets: { 'pkcs11.node': o.addon },
      }),
    );
    await run(process.execPath, ['--experimental-sea-config', config]);
    await copyFile(o.baseNode, o.target);
    await chmod(o.target, 0o755);
    if (!o.windows && process.platform === 'linux') {
      // The base binary's debug info is not needed and halves the size.
      await run('strip', ['--strip-debug', o.target]).catch(() => log('strip not found: the executable keeps its debug info'));
    }
    const postject = path.join(ROOT, 'node_modules', 'postject', 'dist', 'cli.js');
    await run(
      process.execPath,
      [
        postject,
        o.target,
        'NODE_SEA_BLOB',
        blob,
        '--sentinel-fuse',
        SEA_FUSE,
        ...(process.platform === 'darwin' && !o.windows ? ['--macho-segment-name', 'NODE_SEA'] : []),
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    return o.target;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- Windows

function isWindowsDll(file: string): boolean {
  const head = Buffer.alloc(2);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 2, 0);
  } finally {
    fs.closeSync(fd);
  }
  return head.toString('latin1') === 'MZ';
}

async function buildWindowsZip(bundle: Bundle, o: { out: string; origins: string[]; addon: string }): Promise<string> {
  const name = `${PACKAGE}-${bundle.version}-windows-x64`;
  const work = await mkdtemp(path.join(os.tmpdir(), 'agent-win-'));
  try {
    const dir = path.join(work, name);
    await mkdir(dir);
    await copyFile(path.join(bundle.dir, 'agent.cjs'), path.join(dir, 'agent.cjs'));
    await copyFile(path.join(bundle.dir, 'THIRD-PARTY-LICENSES'), path.join(dir, 'THIRD-PARTY-LICENSES.txt'));
    await copyFile(o.addon, path.join(dir, 'pkcs11.node'));
    await copyFile(path.join(INSTALL_DIR, 'windows', 'install.ps1'), path.join(dir, 'install.ps1'));
    const config = (await readFile(path.join(INSTALL_DIR, 'windows', 'config'), 'utf8')).replace('@ORIGINS@', o.origins.join(','));
    await writeFile(path.join(dir, 'config'), config.replace(/\r?\n/g, '\r\n'));
    await writeFile(path.join(dir, 'VERSION'), `${bundle.version}\r\n`);
    const target = path.join(o.out, `${name}.zip`);
    await rm(target, { force: true });
    if (process.platform === 'win32')
      await run('powershell', ['-NoProfile', '-Command', `Compress-Archive -Path '${dir}' -DestinationPath '${target}'`]);
    else await run('zip', ['-q', '-X', '-r', target, name], { cwd: work });
    return target;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const { values } = parseArgs({
    options: {
      deb: { type: 'boolean' },
      sea: { type: 'boolean' },
      windows: { type: 'boolean' },
      origin: { type: 'string', multiple: true },
      out: { type: 'string' },
      publish: { type: 'boolean' },
      'publish-dir': { type: 'string' },
      'windows-addon': { type: 'string' },
      'windows-node': { type: 'string' },
      maintainer: { type: 'string' },
    },
    allowPositionals: false,
  });
  const origins = (values.origin ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (new URL(origin).origin !== origin)
      throw new Error(`--origin ${origin}: give an origin like https://eoffice.district.gov.in (no path or trailing slash)`);
  }
  const out = path.resolve(values.out ?? path.join(ROOT, 'dist', 'agent'));
  const winAddon = values['windows-addon'] ?? (process.platform === 'win32' ? NATIVE_ADDON : undefined);
  const chosen = values.deb || values.sea || values.windows;
  const want = {
    deb: chosen ? !!values.deb : process.platform === 'linux',
    sea: chosen ? !!values.sea : process.platform === 'linux',
    windows: chosen ? !!values.windows : !!winAddon,
  };
  if (want.windows && !winAddon) {
    throw new Error(
      '--windows needs pkcs11js built on Windows: run `npm ci` on a Windows PC with the Visual Studio Build Tools and pass its node_modules/pkcs11js/build/Release/pkcs11.node as --windows-addon (or run this script there)',
    );
  }
  if (winAddon && !isWindowsDll(winAddon)) throw new Error(`${winAddon} is not a Windows DLL`);
  if (values['windows-node'] && !isWindowsDll(values['windows-node']))
    throw new Error(`${values['windows-node']} is not a Windows executable`);

  await mkdir(out, { recursive: true });
  const bundleDir = await mkdtemp(path.join(os.tmpdir(), 'agent-bundle-'));
  const built: string[] = [];
  try {
    const bundle = await bundleAgent(bundleDir);
    log(`bundled signing agent ${bundle.version} (${bundle.licences.length} third-party packages)`);
    if (want.deb)
      built.push(
        await buildDeb(bundle, {
          out,
          origins,
          maintainer: values.maintainer ?? 'Patravali e-office administrators <eoffice-admin@localhost>',
        }),
      );
    if (want.sea) {
      const arch = process.arch === 'x64' ? 'x64' : process.arch;
      built.push(
        await buildSea(bundle, {
          baseNode: process.execPath,
          addon: path.join(bundle.dir, 'pkcs11.node'),
          target: path.join(out, `${PACKAGE}-${bundle.version}-linux-${arch}`),
          windows: false,
        }),
      );
    }
    if (want.windows && winAddon) {
      built.push(await buildWindowsZip(bundle, { out, origins, addon: winAddon }));
      if (values['windows-node'])
        built.push(
          await buildSea(bundle, {
            baseNode: values['windows-node'],
            addon: winAddon,
            target: path.join(out, `${PACKAGE}-${bundle.version}-windows-x64.exe`),
            windows: true,
          }),
        );
      else log('no --windows-node: the Windows one-file .exe is not built (the .zip with install.ps1 is)');
    }
  } finally {
    await rm(bundleDir, { recursive: true, force: true });
  }
  for (const file of built) log(`built ${path.relative(process.cwd(), file)} (${((await stat(file)).size / 1048576).toFixed(1)} MiB)`);

  if (values.publish || values['publish-dir']) {
    const dest = path.resolve(values['publish-dir'] ?? path.join(ROOT, 'storage', 'data', 'agent-downloads'));
    await mkdir(dest, { recursive: true });
    for (const file of built) await copyFile(file, path.join(dest, path.basename(file)));
    log(`published to ${dest}`);
  }
}

main().catch((e: unknown) => {
  console.error(`agent:build failed: ${(e as Error).message}`);
  process.exit(1);
});
