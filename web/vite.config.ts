import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const webRoot = new URL('.', import.meta.url).pathname;
// The Tandem server the dev and preview servers forward API calls to.
const backend = process.env.TANDEM_API_URL ?? 'http://localhost:3000';
// The server accepts cookie-authenticated writes only from its own origin (TANDEM_PUBLIC_URL), so
// the dev server forwards them as if they came from there.
const forward = { target: backend, headers: { origin: new URL(backend).origin } };
const proxy = { '/api': forward, '/healthz': backend, '/readyz': backend };

// The policy the Tandem server sends; `vite preview` sends it too, so a CSP violation shows before release.
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// Brotli and gzip copies of every text file, made once at build time so the server never compresses
// on a request (it serves them with @fastify/static's preCompressed).
function precompress(outDir: string): Plugin {
  return {
    name: 'tandem-precompress',
    apply: 'build',
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
        );
      for (const file of walk(outDir).filter((f) => /\.(js|css|html|svg|json|txt|webmanifest)$/.test(f))) {
        const content = readFileSync(file);
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react(), precompress(join(webRoot, 'dist'))],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Keep every asset a file of its own: the policy allows no inline scripts.
    assetsInlineLimit: 0,
    sourcemap: 'hidden',
    // Which chunks each entry and lazy page loads (bench/bundle-sizes.js reads it).
    manifest: true,
    // Every browser Tandem supports preloads modules itself (Safari since 17): the polyfill would be
    // bytes in every first load that only an older browser runs; there modules load when imported.
    modulePreload: { polyfill: false },
    rollupOptions: {
      output: {
        // React with its JSX runtime in one file: left alone, the bundler cut the 3 kB runtime into a
        // file of its own that every first load fetched beside React.
        manualChunks: (id: string) =>
          /node_modules\/(react|react-dom|scheduler)\//.test(id) ? 'react' : undefined,
      },
    },
  },
  server: { proxy },
  preview: { proxy, headers: { 'Content-Security-Policy': contentSecurityPolicy } },
});
