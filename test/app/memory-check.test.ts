/** The page's memory check before a scene is read (src/app/memory-check.ts). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateScene, gpuLayoutBytesPerSplat, sceneByteSize } from '../../src/core/index.ts';
import { fileSceneSize, memoryRefusal, neededBytes, urlSceneSize } from '../../src/app/memory-check.ts';
import { encodePly } from '../helpers/ply-fixture.ts';

const GiB = 1024 ** 3;
/** A PLY of two splats whose header declares six million, as the 6 M tiling's does (with normals). */
const sixMillion = encodePly(allocateScene(2, 2), { declaredCount: 6_000_000, extra: ['nx', 'ny', 'nz'] });
const TILING_BYTES = 984_001_007;

describe('neededBytes', () => {
  it('counts a scene whose shape is known exactly: the scene, its GPU layout and the workers\' share of it, beside the browser and the workers', () => {
    const shape = { count: 6_000_000, shDegree: 2 };
    const scene = sceneByteSize(6_000_000, 2);
    const needed = neededBytes('t.ply', { shape }, 2);
    expect(needed - 0.9 * GiB).toBeCloseTo(scene + 6_000_000 * gpuLayoutBytesPerSplat(2) + 2 * scene, 0);
    // more splats, a higher degree or more workers need more
    expect(neededBytes('t.ply', { shape: { count: 7_000_000, shDegree: 2 } }, 2)).toBeGreaterThan(needed);
    expect(neededBytes('t.ply', { shape: { count: 6_000_000, shDegree: 3 } }, 2)).toBeGreaterThan(needed);
    expect(neededBytes('t.ply', { shape }, 4) - needed).toBeCloseTo(0.1 * GiB, 0);
  });

  it('estimates from the size where the shape is unknown, by format', () => {
    expect(neededBytes('a.spz', { fileBytes: 1e6 }, 2)).toBeGreaterThan(neededBytes('a.ply', { fileBytes: 1e6 }, 2));
  });
});

describe('memoryRefusal', () => {
  it('lets the 6 M tiling into a 4 GiB tab by its header, where its size alone would have refused it', async () => {
    const blob = new Blob([sixMillion.slice()]);
    const size = await fileSceneSize('playbot-6m.ply', { size: TILING_BYTES, slice: (a, b) => blob.slice(a, b) });
    expect(size).toEqual({ shape: { count: 6_000_000, shDegree: 2 } });
    expect(memoryRefusal('playbot-6m.ply', size, 2, 4 * GiB)).toBeNull();
    expect(memoryRefusal('playbot-6m.ply', { fileBytes: TILING_BYTES }, 2, 4 * GiB)).toMatch(/^playbot-6m\.ply: its scene needs about 4\.\d GiB of memory here .* \(4\.0 GiB\); use the splatfit CLI for it\.$/);
  });

  it('counts a file whose head cannot be read by its size, leaving the reason to the read', async () => {
    const unreadable = { size: 1e6, slice: () => ({ arrayBuffer: () => Promise.reject(new Error('NotReadableError')) }) };
    expect(await fileSceneSize('gone.ply', unreadable)).toEqual({ fileBytes: 1e6 });
  });

  it('refuses a scene past the budget, naming the file, what it needs and what there is', () => {
    const message = memoryRefusal('big.ply', { shape: { count: 8_000_000, shDegree: 2 } }, 2, 4 * GiB);
    expect(message).toContain('big.ply: its scene needs about 4.8 GiB');
    expect(message).toContain('(4.0 GiB)');
  });
});

describe('urlSceneSize', () => {
  let server: Server;
  let base = '';
  const requests: string[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? '');
      const ranged = request.url === '/ranged.ply' || request.url === '/hidden-range.ply';
      if (ranged && range !== null) {
        const part = sixMillion.subarray(Number(range[1]), Number(range[2]) + 1);
        // a cross-origin reply whose Content-Range the page cannot read, as one without it
        const total = request.url === '/ranged.ply' ? { 'content-range': `bytes ${range[1]}-${Number(range[1]) + part.length - 1}/${sixMillion.length}` } : {};
        response.writeHead(206, { 'content-length': String(part.length), ...total });
        return void response.end(part);
      }
      // a server that streams the file without saying its size (chunked)
      if (request.url === '/unsized.ply') {
        response.write(sixMillion);
        return void response.end();
      }
      response.setHeader('content-length', String(sixMillion.length));
      response.end(sixMillion);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads the size and the head of a file at a URL in one request, with or without ranges', async () => {
    for (const path of ['/ranged.ply', '/whole.ply']) {
      requests.length = 0;
      expect(await urlSceneSize(`${base}${path}`, 'playbot-6m.ply')).toEqual({ shape: { count: 6_000_000, shDegree: 2 } });
      expect(requests).toEqual([`GET ${path}`]);
    }
  });

  it('asks for the size with a HEAD request where a ranged reply does not say it', async () => {
    requests.length = 0;
    expect(await urlSceneSize(`${base}/hidden-range.ply`, 'playbot-6m.ply')).toEqual({ shape: { count: 6_000_000, shDegree: 2 } });
    expect(requests).toEqual(['GET /hidden-range.ply', 'HEAD /hidden-range.ply']);
  });

  it('gives the size of a file whose head holds no shape, and null where the server does not say the size', async () => {
    expect(await urlSceneSize(`${base}/ranged.ply`, 'scene.spz')).toEqual({ fileBytes: sixMillion.length });
    expect(await urlSceneSize(`${base}/unsized.ply`, 'playbot-6m.ply')).toBeNull();
    expect(await urlSceneSize('http://127.0.0.1:9/none.ply', 'none.ply')).toBeNull();
  });
});
