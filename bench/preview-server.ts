/**
 * The built page on a preview server of its own port, for benchmarks that drive the real page in
 * headless Chromium: `vite build`, then `vite preview` until it answers. Returns how to stop it.
 */
import { spawn } from 'node:child_process';

export async function startPreview(port: number): Promise<() => void> {
  await new Promise<void>((resolve, reject) => {
    const build = spawn('npx', ['vite', 'build'], { stdio: 'ignore' });
    build.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited ${code}`))));
  });
  const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
  for (let k = 0; k < 100; k++) {
    if (await fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return () => {
    try { process.kill(-server.pid!); } catch { /* the server had already gone */ }
  };
}
