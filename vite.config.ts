import { defineConfig } from 'vite';

// Cross-origin isolation lets the viewer use SharedArrayBuffer where it wants it; every asset is
// same-origin, so it costs nothing.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  server: { host: '127.0.0.1', port: 5173, headers: isolation },
  preview: { host: '127.0.0.1', port: 4173, headers: isolation },
  worker: { format: 'es' },
  // @jsquash/webp finds its .wasm through import.meta.url; pre-bundling would break that path.
  optimizeDeps: { exclude: ['@jsquash/webp'] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    // The second page is a test fixture: one view rendered by @mkkellogg/gaussian-splats-3d, which
    // the browser tests compare with the reference rasterizer.
    rollupOptions: { input: { main: 'index.html', gs3dView: 'e2e/pages/gs3d-view.html', splatView: 'e2e/pages/splat-view.html' } },
  },
});
