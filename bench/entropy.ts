/**
 * The context-modelling entropy coder (src/core/codec/entropy) against deflate on real quantized
 * attribute planes, and its speed on a 500k-splat file. Prints Markdown tables; writes nothing.
 * Run: `npx tsx bench/entropy.ts` (about a minute on 2 free cores; `--quick`: playbot-31k only, no
 * speed run; `--speed`: the speed run only).
 *
 * Planes are made as the `.splatfit` v1 writer made them (its encodeGroup, reproduced here so the
 * numbers do not move with the writer): splats in Morton order; each component quantized uniformly
 * over its float32 (min, max); positions over a range per 256-splat chunk (the ranges themselves,
 * ⌈n/256⌉·24 bytes, are left out of both columns); rotations as smallest-three, a plane of
 * largest-component indices (2 bits) then 3 planes, all counted on both sides. Deflate sees the
 * planes packed as the v1 file stored them (1 byte a value up to 8 bits, else 2, little-endian).
 *
 * Mode columns use the default low-bit model (Tree). "best" is what encodeSymbolsBest returns (the
 * smallest mode, then for bits > 8 the other low-bit model for it, when smaller); it is computed
 * here from the same encodes instead of encoding everything twice.
 */
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'fflate';
import { readSceneFile } from '../src/cli/node-platform.ts';
import {
  CONTEXT_MODES, type ContextModeValue, decodeSymbols, encodeSymbols, encodeSymbolsBest, LowBitModel,
} from '../src/core/codec/entropy/symbol-coder.ts';
import { mortonOrder } from '../src/core/formats/splatfit/morton.ts';
import { largestComponent, normalizedQuaternion } from '../src/core/math/quaternion.ts';
import { quantize, sigmoid } from '../src/core/math/scalar.ts';
import { shRestPerChannel } from '../src/core/scene/sh.ts';
import { selectSplats, type SplatScene } from '../src/core/scene/splat-scene.ts';
import { SHARED_SCENES } from '../test/helpers/scenes.ts';

const quick = process.argv.includes('--quick');
const speedOnly = process.argv.includes('--speed');
const SCENES = speedOnly ? [] : quick ? ['playbot-31k.ply'] : ['playbot-31k.ply', 'luma-seal-101k.splat', 'playbot-125k.ply', 'fruit-drops-4721-sh3.ply'];
const BITS = [4, 6, 8, 10, 12];
const CHUNK = 256;
const ROTATION_RANGE = Math.SQRT1_2;
const MODE_NAMES: Record<ContextModeValue, string> = { 0: 'none', 1: 'previous', 2: 'component', 3: 'both', 4: 'residual' };

interface Planes {
  /** The main planes, planar. */
  symbols: Uint16Array;
  planes: number;
  /** Planes coded separately at their own bits (rotations' largest-component indices). */
  side?: { symbols: Uint16Array; bits: number };
  /** Planes after the first that the component context pairs with (SH bands: coefficients per channel). */
  stride: number;
}

/** Component c of splat i of a group, as the v1 writer stored it (opacity as alpha). */
function groupReader(scene: SplatScene, group: string): { components: number; read: (i: number, c: number) => number } {
  const rest = shRestPerChannel(scene.shDegree);
  switch (group) {
    case 'logScales': return { components: 3, read: (i, c) => scene.logScales[i * 3 + c]! };
    case 'opacity': return { components: 1, read: (i) => sigmoid(scene.opacities[i]!) };
    case 'shDc': return { components: 3, read: (i, c) => scene.shDc[i * 3 + c]! };
    default: {
      const band = Number(group.slice('shBand'.length));
      const per = 2 * band + 1;
      // Channel-major: component = channel × per + coefficient.
      return { components: 3 * per, read: (i, c) => scene.shRest[(i * 3 + Math.floor(c / per)) * rest + band * band - 1 + (c % per)]! };
    }
  }
}

function quantizeGroup(scene: SplatScene, group: string, bits: number): Planes {
  const n = scene.count;
  if (group === 'rotations') {
    const symbols = new Uint16Array(3 * n);
    const largest = new Uint16Array(n);
    const q = new Float64Array(4);
    for (let i = 0; i < n; i++) {
      normalizedQuaternion(scene.rotations, i, q);
      const k = largestComponent(q);
      const sign = q[k]! < 0 ? -1 : 1;
      largest[i] = k;
      for (let c = 0, slot = 0; c < 4; c++) if (c !== k) symbols[slot++ * n + i] = quantize(sign * q[c]!, -ROTATION_RANGE, ROTATION_RANGE, bits);
    }
    return { symbols, planes: 3, side: { symbols: largest, bits: 2 }, stride: 1 };
  }
  const { components, read } = group === 'positions' ? { components: 3, read: (i: number, c: number) => scene.positions[i * 3 + c]! } : groupReader(scene, group);
  const span = group === 'positions' ? CHUNK : n;
  const symbols = new Uint16Array(components * n);
  for (let first = 0; first < n; first += span) {
    const end = Math.min(n, first + span);
    for (let c = 0; c < components; c++) {
      let min = Infinity, max = -Infinity;
      for (let i = first; i < end; i++) {
        const v = read(i, c);
        if (v < min) min = v;
        if (v > max) max = v;
      }
      const lo = Math.fround(min), hi = Math.fround(max);
      for (let i = first; i < end; i++) symbols[c * n + i] = quantize(read(i, c), lo, hi, bits);
    }
  }
  return { symbols, planes: components, stride: group.startsWith('shBand') ? components / 3 : 1 };
}

/** The planes as v1 stored them before deflate. */
function pack(p: Planes, bits: number): Uint8Array {
  const wide = bits > 8;
  const side = p.side?.symbols.length ?? 0;
  const out = new Uint8Array(side + p.symbols.length * (wide ? 2 : 1));
  if (p.side !== undefined) out.set(p.side.symbols);
  for (let k = 0; k < p.symbols.length; k++) {
    if (wide) {
      out[side + 2 * k] = p.symbols[k]! & 0xff;
      out[side + 2 * k + 1] = p.symbols[k]! >>> 8;
    } else out[side + k] = p.symbols[k]!;
  }
  return out;
}

const kb = (bytes: number): string => (bytes / 1024).toFixed(1);
const percent = (part: number, whole: number): string => `${((part / whole) * 100).toFixed(1)} %`;

interface Total { deflate6: number; best: number; modes: number[]; wins: Map<string, number> }
const totals = new Map<string, Total>();

async function sizeTables(): Promise<void> {
  console.log(`# Entropy coder vs deflate\n\nNode ${process.version}; sizes in KiB; % of deflate level 6. Mode columns: low-bit model Tree.\n`);
  console.log('| scene | group | bits | packed | deflate 6 | deflate 9 | none | previous | component | both | residual | best (mode, low bits) | best / deflate 6 |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|');
  for (const name of SCENES) {
    const { scene: read } = await readSceneFile(join(SHARED_SCENES, name));
    const scene = selectSplats(read, mortonOrder(read));
    const n = scene.count;
    const groups = ['positions', 'logScales', 'rotations', 'opacity', 'shDc', ...Array.from({ length: scene.shDegree }, (_, k) => `shBand${k + 1}`)];
    for (const group of groups) {
      for (const bits of group === 'positions' ? [...BITS, 16] : BITS) {
        const p = quantizeGroup(scene, group, bits);
        const packed = pack(p, bits);
        const deflate6 = deflateSync(packed, { level: 6 }).length;
        const deflate9 = deflateSync(packed, { level: 9 }).length;
        const sideBytes = p.side === undefined ? 0 : encodeSymbolsBest(p.side.symbols, 1, n, p.side.bits).bytes.length;
        const sizes = CONTEXT_MODES.map((mode) => sideBytes + encodeSymbols(p.symbols, p.planes, n, bits, mode, { componentStride: p.stride }).length);
        const bestMode = CONTEXT_MODES[sizes.indexOf(Math.min(...sizes))]!;
        let lowBits: number = LowBitModel.Tree;
        let bestBytes = encodeSymbols(p.symbols, p.planes, n, bits, bestMode, { componentStride: p.stride });
        if (bits > 8) {
          const other = encodeSymbols(p.symbols, p.planes, n, bits, bestMode, { componentStride: p.stride, lowBits: LowBitModel.PerPosition });
          if (other.length < bestBytes.length) [bestBytes, lowBits] = [other, LowBitModel.PerPosition];
        }
        // Every "best" stream is decoded again, so no number here comes from a stream that does not round-trip.
        const decoded = decodeSymbols(bestBytes, p.planes, n, bits, bestMode);
        if (decoded.some((v, i) => v !== p.symbols[i])) throw new Error(`${name} ${group} ${bits}: round trip failed`);
        const best = sideBytes + bestBytes.length;
        const label = `${MODE_NAMES[bestMode]}${bits > 8 ? (lowBits === LowBitModel.Tree ? ', tree' : ', per position') : ''}`;
        console.log(`| ${name} | ${group} | ${bits} | ${kb(packed.length)} | ${kb(deflate6)} | ${kb(deflate9)} | ${sizes.map(kb).join(' | ')} | ${kb(best)} (${label}) | ${percent(best, deflate6)} |`);
        const total = totals.get(group) ?? { deflate6: 0, best: 0, modes: CONTEXT_MODES.map(() => 0), wins: new Map() };
        total.deflate6 += deflate6;
        total.best += best;
        sizes.forEach((s, k) => (total.modes[k]! += s));
        total.wins.set(label, (total.wins.get(label) ?? 0) + 1);
        totals.set(group, total);
      }
    }
  }

  console.log('\n## Per group, all scenes and bit depths above\n');
  console.log('| group | deflate 6 KiB | best KiB | best / deflate 6 | none | previous | component | both | residual | chosen (times) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  let allDeflate = 0, allBest = 0;
  for (const [group, t] of totals) {
    allDeflate += t.deflate6;
    allBest += t.best;
    const wins = [...t.wins].sort((a, b) => b[1] - a[1]).map(([label, count]) => `${label} (${count})`).join('; ');
    console.log(`| ${group} | ${kb(t.deflate6)} | ${kb(t.best)} | ${percent(t.best, t.deflate6)} | ${t.modes.map((m) => percent(m, t.deflate6)).join(' | ')} | ${wins} |`);
  }
  console.log(`| all | ${kb(allDeflate)} | ${kb(allBest)} | ${percent(allBest, allDeflate)} | | | | | | |`);
}

async function speedTables(): Promise<void> {
  // A 500k-splat file at the v1 writer's default bits without SH rest: 14 symbols a splat and the rotation index.
  const { scene: read } = await readSceneFile(join(SHARED_SCENES, 'playbot-500k.ply'));
  const scene = selectSplats(read, mortonOrder(read));
  const n = scene.count;
  const settings: [string, number][] = [['positions', 16], ['logScales', 12], ['rotations', 12], ['opacity', 8], ['shDc', 10]];
  const sections = settings.map(([group, bits]) => ({ group, bits, p: quantizeGroup(scene, group, bits) }));
  const jobs = sections.flatMap(({ group, bits, p }) => [
    ...(p.side === undefined ? [] : [{ name: `${group} index`, symbols: p.side.symbols, planes: 1, bits: p.side.bits, stride: 1 }]),
    { name: group, symbols: p.symbols, planes: p.planes, bits, stride: p.stride },
  ]);
  const symbols = jobs.reduce((s, j) => s + j.symbols.length, 0);
  // The fastest of a few runs: the least disturbed by whatever else the machine is doing.
  const time = (run: () => void, repeat: number): number => {
    let fastest = Infinity;
    for (let r = 0; r < repeat; r++) {
      const start = performance.now();
      run();
      fastest = Math.min(fastest, performance.now() - start);
    }
    return fastest;
  };
  let chosen: { mode: ContextModeValue; bytes: Uint8Array }[] = [];
  const best = time(() => (chosen = jobs.map((j) => encodeSymbolsBest(j.symbols, j.planes, n, j.bits, { componentStride: j.stride }))), 1);
  const exhaustive = jobs.map((j) => encodeSymbolsBest(j.symbols, j.planes, n, j.bits, { componentStride: j.stride, sampleCount: 0 }).bytes.length);
  const encode = time(() => jobs.forEach((j, k) => encodeSymbols(j.symbols, j.planes, n, j.bits, chosen[k]!.mode, { componentStride: j.stride })), 5);
  const decode = time(() => jobs.forEach((j, k) => decodeSymbols(chosen[k]!.bytes, j.planes, n, j.bits, chosen[k]!.mode)), 5);
  const packed = sections.map(({ bits, p }) => pack(p, bits));
  let deflated: Uint8Array[] = [];
  const deflateTime = time(() => (deflated = packed.map((b) => deflateSync(b, { level: 6 }))), 1);
  const inflateTime = time(() => deflated.forEach((d) => inflateSync(d)), 5);
  const coded = chosen.reduce((s, c) => s + c.bytes.length, 0);
  const rawBytes = packed.reduce((s, b) => s + b.length, 0);
  const deflatedBytes = deflated.reduce((s, d) => s + d.length, 0);
  const msym = (ms: number): string => (symbols / 1e3 / ms).toFixed(1);
  console.log(`\n## Speed: playbot-500k (${n.toLocaleString('en-US')} splats), positions 16, scales 12, rotations 12 (+ 2-bit index), opacity 8, colour 10 bits\n`);
  console.log(`${(symbols / 1e6).toFixed(2)} M symbols, ${kb(rawBytes)} KiB packed. Fastest of 5 runs (encodeSymbolsBest and deflate: one run).\n`);
  console.log('| step | ms | M symbols/s | MB/s of packed planes | output KiB |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(`| encodeSymbolsBest (mode chosen on a sample) | ${best.toFixed(0)} | ${msym(best)} | ${(rawBytes / 1e3 / best).toFixed(1)} | ${kb(coded)} |`);
  console.log(`| encodeSymbols, chosen modes | ${encode.toFixed(0)} | ${msym(encode)} | ${(rawBytes / 1e3 / encode).toFixed(1)} | ${kb(coded)} |`);
  console.log(`| decodeSymbols | ${decode.toFixed(0)} | ${msym(decode)} | ${(rawBytes / 1e3 / decode).toFixed(1)} | |`);
  console.log(`| fflate deflateSync level 6 | ${deflateTime.toFixed(0)} | ${msym(deflateTime)} | ${(rawBytes / 1e3 / deflateTime).toFixed(1)} | ${kb(deflatedBytes)} |`);
  console.log(`| fflate inflateSync | ${inflateTime.toFixed(0)} | ${msym(inflateTime)} | ${(rawBytes / 1e3 / inflateTime).toFixed(1)} | |`);
  console.log('\n| section | mode chosen on the sample | KiB | exhaustive choice KiB |');
  console.log('|---|---|---:|---:|');
  jobs.forEach((j, k) => console.log(`| ${j.name} | ${MODE_NAMES[chosen[k]!.mode]} | ${kb(chosen[k]!.bytes.length)} | ${kb(exhaustive[k]!)} |`));
}

if (!speedOnly) await sizeTables();
if (!quick) await speedTables();
