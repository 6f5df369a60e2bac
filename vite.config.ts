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
    // The other pages are test and bench fixtures: one view rendered by @mkkellogg/gaussian-splats-3d
    // (compared with the reference rasterizer), one by Spark, one by our renderer, four panes of
    // ours, and a decode timer.
    rollupOptions: {
      input: {
        main: 'index.html', gs3dView: 'e2e/pages/gs3d-view.html', sparkView: 'e2e/pages/spark-view.html', splatView: 'e2e/pages/splat-view.html',
        panesView: 'e2e/pages/panes-view.html', decodeTime: 'e2e/pages/decode-time.html',
      },
    },
  },
});
