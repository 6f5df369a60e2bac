/**
 * Builds PLY files in layouts our writer never produces (big-endian, ASCII, doubles, shuffled
 * property order, extra properties, lying counts), to test that the reader follows the header.
 */
import { shRestPerChannel, type SplatScene } from '../../src/core/index.ts';
import { concat } from './hostile.ts';

export interface PlyFixtureOptions {
  encoding?: 'binary_little_endian' | 'binary_big_endian' | 'ascii';
  /** Reverse-and-interleave the property order. */
  shuffle?: boolean;
  /** Properties written as double instead of float. */
  doubles?: string[];
  /** Extra float properties (written as 0.25) the reader must skip. */
  extra?: string[];
  /** Overrides the vertex count written in the header. */
  declaredCount?: number;
  /** Property names to leave out. */
  omit?: string[];
}

type Column = { name: string; get: (i: number) => number };

function columns(scene: SplatScene): Column[] {
  const rest = 3 * shRestPerChannel(scene.shDegree);
  const cols: Column[] = [];
  ['x', 'y', 'z'].forEach((n, k) => cols.push({ name: n, get: (i) => scene.positions[i * 3 + k]! }));
  for (let k = 0; k < 3; k++) cols.push({ name: `f_dc_${k}`, get: (i) => scene.shDc[i * 3 + k]! });
  for (let j = 0; j < rest; j++) cols.push({ name: `f_rest_${j}`, get: (i) => scene.shRest[i * rest + j]! });
  cols.push({ name: 'opacity', get: (i) => scene.opacities[i]! });
  for (let k = 0; k < 3; k++) cols.push({ name: `scale_${k}`, get: (i) => scene.logScales[i * 3 + k]! });
  for (let k = 0; k < 4; k++) cols.push({ name: `rot_${k}`, get: (i) => scene.rotations[i * 4 + k]! });
  return cols;
}

export function encodePly(scene: SplatScene, options: PlyFixtureOptions = {}): Uint8Array {
  const encoding = options.encoding ?? 'binary_little_endian';
  let cols = columns(scene).filter((c) => !(options.omit ?? []).includes(c.name));
  for (const name of options.extra ?? []) cols.push({ name, get: () => 0.25 });
  if (options.shuffle) cols = cols.reverse().sort((a, b) => (a.name.length % 3) - (b.name.length % 3));
  const isDouble = (c: Column): boolean => (options.doubles ?? []).includes(c.name);
  const header = [
    'ply', `format ${encoding} 1.0`, 'comment made by test/helpers/ply-fixture.ts', `element vertex ${options.declaredCount ?? scene.count}`,
    ...cols.map((c) => `property ${isDouble(c) ? 'double' : 'float'} ${c.name}`), 'end_header', '',
  ].join('\n');
  const head = new TextEncoder().encode(header);
  if (encoding === 'ascii') {
    const lines: string[] = [];
    for (let i = 0; i < scene.count; i++) lines.push(cols.map((c) => Math.fround(c.get(i)).toPrecision(9)).join(' '));
    const body = new TextEncoder().encode(lines.join('\n') + '\n');
    return concat(head, body);
  }
  const rowSize = cols.reduce((s, c) => s + (isDouble(c) ? 8 : 4), 0);
  const body = new Uint8Array(scene.count * rowSize);
  const view = new DataView(body.buffer);
  const le = encoding === 'binary_little_endian';
  for (let i = 0; i < scene.count; i++) {
    let o = i * rowSize;
    for (const c of cols) {
      if (isDouble(c)) { view.setFloat64(o, c.get(i), le); o += 8; } else { view.setFloat32(o, c.get(i), le); o += 4; }
    }
  }
  return concat(head, body);
}
