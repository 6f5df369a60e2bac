/**
 * Writes a scene as a 3DGS PLY in the reference trainer's exact layout (docs/formats.md):
 * binary little-endian float32, properties x y z nx ny nz f_dc_0..2 f_rest_0..N opacity
 * scale_0..2 rot_0..3, normals written as 0. Values are copied bit for bit, so
 * read(write(scene)) reproduces every float exactly.
 */
import { shRestPerChannel } from '../../scene/sh.ts';
import type { SplatScene } from '../../scene/splat-scene.ts';
import { TRAINER_ORDER } from './property-map.ts';

/** Rows assembled at a time before copying into the output (bounded scratch memory). */
const ROWS_PER_BLOCK = 65536;

export function plyPropertyNames(shDegree: number): string[] {
  const rest = 3 * shRestPerChannel(shDegree);
  return [...TRAINER_ORDER.head, ...Array.from({ length: rest }, (_, j) => `f_rest_${j}`), ...TRAINER_ORDER.tail];
}

export function plyHeaderText(count: number, shDegree: number): string {
  const lines = ['ply', 'format binary_little_endian 1.0', `element vertex ${count}`];
  for (const name of plyPropertyNames(shDegree)) lines.push(`property float ${name}`);
  lines.push('end_header', '');
  return lines.join('\n');
}

export function writePly(scene: SplatScene): Uint8Array {
  const header = new TextEncoder().encode(plyHeaderText(scene.count, scene.shDegree));
  const rest = 3 * shRestPerChannel(scene.shDegree);
  const rowFloats = 6 + 3 + rest + 8;
  const out = new Uint8Array(header.length + scene.count * rowFloats * 4);
  out.set(header, 0);
  const block = new Float32Array(Math.min(ROWS_PER_BLOCK, Math.max(1, scene.count)) * rowFloats);
  const blockBytes = new Uint8Array(block.buffer);
  for (let first = 0; first < scene.count; first += ROWS_PER_BLOCK) {
    const rows = Math.min(ROWS_PER_BLOCK, scene.count - first);
    fillRows(scene, first, rows, rest, rowFloats, block);
    out.set(blockBytes.subarray(0, rows * rowFloats * 4), header.length + first * rowFloats * 4);
  }
  return out;
}

function fillRows(scene: SplatScene, first: number, rows: number, rest: number, rowFloats: number, block: Float32Array): void {
  const { positions, logScales, rotations, opacities, shDc, shRest } = scene;
  for (let r = 0; r < rows; r++) {
    const i = first + r;
    let o = r * rowFloats;
    block[o++] = positions[i * 3]!;
    block[o++] = positions[i * 3 + 1]!;
    block[o++] = positions[i * 3 + 2]!;
    block[o++] = 0;
    block[o++] = 0;
    block[o++] = 0;
    block[o++] = shDc[i * 3]!;
    block[o++] = shDc[i * 3 + 1]!;
    block[o++] = shDc[i * 3 + 2]!;
    for (let j = 0; j < rest; j++) block[o++] = shRest[i * rest + j]!;
    block[o++] = opacities[i]!;
    block[o++] = logScales[i * 3]!;
    block[o++] = logScales[i * 3 + 1]!;
    block[o++] = logScales[i * 3 + 2]!;
    block[o++] = rotations[i * 4]!;
    block[o++] = rotations[i * 4 + 1]!;
    block[o++] = rotations[i * 4 + 2]!;
    block[o++] = rotations[i * 4 + 3]!;
  }
}
