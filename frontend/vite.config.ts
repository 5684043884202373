/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin, Rollup } from 'vite';
import { fileURLToPath } from 'node:url';

/**
 * Writes a .br and a .gz beside every text asset of the build (the server sends the one the browser
 * accepts, see backend/src/http/frontend.ts): compressed once at build time at the highest level,
 * instead of on every request.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'patravali-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((f) => (statSync(path.join(dir, f)).isDirectory() ? walk(path.join(dir, f)) : [path.join(dir, f)]));
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json|txt|mjs)$/.test(file)) continue;
        const bytes = readFileSync(file);
        if (bytes.length < 1024) continue;
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
        );
        writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

/**
 * Writes the checkpoint app's service worker (sw/check-sw.js) into the build as /check-sw.js, with the
 * files the /check app needs offline: the entry chunk and its static imports, the checkpoint view's
 * chunk with its imports and lazy parts (the QR decoder), their styles, and the fonts. The version is
 * a hash of those (content-hashed) names, so a new build installs a new worker and drops the old cache.
 */
function checkServiceWorker(): Plugin {
  return {
    name: 'patravali-check-sw',
    apply: 'build',
    generateBundle(_options, bundle: Rollup.OutputBundle) {
      const files = new Set<string>();
      const visit = (file: string, lazyToo: boolean) => {
        const out = bundle[file];
        if (!out || files.has(file)) return;
        files.add(file);
        if (out.type !== 'chunk') return;
        for (const f of out.imports) visit(f, false);
        if (lazyToo) for (const f of out.dynamicImports) visit(f, false);
        for (const f of out.viteMetadata?.importedCss ?? []) files.add(f);
        for (const f of out.viteMetadata?.importedAssets ?? []) files.add(f);
      };
      const chunks = Object.values(bundle).flatMap((o) => (o.type === 'chunk' ? [o] : []));
      const entry = chunks.find((c) => c.isEntry);
      const view = chunks.find((c) => c.facadeModuleId?.endsWith('/features/checkpoint/views/CheckView.vue'));
      if (!entry || !view) throw new Error('check-sw: the entry or the checkpoint view chunk is missing from the build');
      visit(entry.fileName, false);
      visit(view.fileName, true);
      for (const f of Object.keys(bundle)) if (f.endsWith('.woff2')) files.add(f);
      const list = [...files].sort().map((f) => `/${f}`);
      const version = createHash('sha256').update(list.join('\n')).digest('hex').slice(0, 16);
      const source = readFileSync(fileURLToPath(new URL('./sw/check-sw.js', import.meta.url)), 'utf8')
        .replace('__VERSION__', JSON.stringify(version))
        .replace('__PRECACHE__', JSON.stringify(list));
      this.emitFile({ type: 'asset', fileName: 'check-sw.js', source });
    },
  };
}

const backend = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [vue(), precompress(), checkServiceWorker()],
  define: {
    // vue-i18n feature flags: composition API only, no legacy API in the bundle.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/socket.io': { target: backend, ws: true, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/socket.io': { target: backend, ws: true, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
  },
  test: {
    name: 'frontend',
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
    restoreMocks: true,
  },
});
