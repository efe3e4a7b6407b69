import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

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

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Keep every asset a file of its own: the policy allows no inline scripts.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  server: { proxy },
  preview: { proxy, headers: { 'Content-Security-Policy': contentSecurityPolicy } },
});
