/**
 * Back-to-front order on the GPU (WebGPU backend only: it needs storage buffers, atomics and
 * workgroup memory): an LSD radix sort of 16-bit depth keys, four passes of 4 bits, all in one
 * compute submission, so no order ever travels between CPU and GPU. Per pass:
 * 1. clear the digit histogram (16 digits × blocks of 256 splats);
 * 2. count each block's digits (atomics);
 * 3. exclusive scan of the histogram in digit-major order, by one workgroup;
 * 4. stable scatter: a splat goes to its digit's offset for its block plus the number of splats
 *    before it in the block with the same digit.
 * Keys are camera depth quantized between the scene's nearest and farthest possible depths,
 * reversed so that ascending keys are back to front (the CPU sort, core/raster/view-order.ts,
 * orders the same way).
 */
import { type ComputeNode, Vector3, Vector4 } from 'three/webgpu';
import {
  atomicAdd, atomicLoad, atomicStore, clamp, Fn, If, instancedArray, int, invocationLocalIndex, Loop, uint,
  uniform, workgroupArray, workgroupBarrier, workgroupId,
} from 'three/tsl';
import type { Camera } from '../core/index.ts';
import { type SplatTextures, texelAt } from './splat-textures.ts';

const BLOCK = 256;
const DIGITS = 16;
const BITS_PER_PASS = 4;
const KEY_BITS = 16;
const KEY_MAX = (1 << KEY_BITS) - 1;

export class GpuDepthSort {
  /** Splat indices, back to front after `update` has run; read by the vertex shader. */
  readonly order: UintArray;
  readonly #keys: UintArray;
  readonly #spareKeys: UintArray;
  readonly #spareOrder: UintArray;
  readonly #axis = uniform(new Vector4()); // depth row of R (xyz) and t.z (w)
  readonly #range = uniform(new Vector3()); // far depth, keys per depth unit
  readonly #passes: ComputeNode[] = [];
  readonly #corners: [number, number, number][];

  constructor(readonly textures: SplatTextures, bounds: { min: readonly number[]; max: readonly number[] }) {
    const n = textures.count;
    this.order = uintArray(n);
    this.#spareOrder = uintArray(n);
    this.#keys = uintArray(n);
    this.#spareKeys = uintArray(n);
    this.#corners = [0, 1, 2, 3, 4, 5, 6, 7].map((c) => [0, 1, 2].map((k) => ((c >> k) & 1 ? bounds.max[k]! : bounds.min[k]!)) as [number, number, number]);
    this.#passes.push(this.#keyPass(n));
    const blocks = Math.ceil(n / BLOCK);
    const histogram = (instancedArray(DIGITS * blocks, 'uint') as unknown as { toAtomic(): UintArray }).toAtomic();
    const offsets = uintArray(DIGITS * blocks);
    for (let pass = 0; pass < KEY_BITS / BITS_PER_PASS; pass++) {
      const [keysIn, orderIn, keysOut, orderOut] = pass % 2 === 0
        ? [this.#keys, this.order, this.#spareKeys, this.#spareOrder]
        : [this.#spareKeys, this.#spareOrder, this.#keys, this.order];
      const shift = pass * BITS_PER_PASS;
      this.#passes.push(
        Fn(() => { atomicStore(histogram.element(uint(invocationLocalIndex).add(workgroupId.x.mul(BLOCK))), uint(0)); })().compute(DIGITS * blocks, [BLOCK]),
        countDigits(n, blocks, shift, keysIn, histogram),
        scanHistogram(DIGITS * blocks, histogram, offsets),
        scatter(n, blocks, shift, keysIn, orderIn, keysOut, orderOut, offsets),
      );
    }
  }

  /** Sorts for this camera; runs on the GPU before the next draw. */
  update(renderer: { compute(nodes: ComputeNode[]): unknown }, camera: Camera): void {
    const r = camera.rotation, tz = camera.translation[2];
    let near = Infinity, far = -Infinity;
    for (const [x, y, z] of this.#corners) {
      const d = r[6]! * x + r[7]! * y + r[8]! * z + tz;
      near = Math.min(near, d);
      far = Math.max(far, d);
    }
    this.#axis.value.set(r[6]!, r[7]!, r[8]!, tz);
    this.#range.value.set(far, far > near ? KEY_MAX / (far - near) : 0, 0);
    renderer.compute(this.#passes);
  }

  /** Key = (far − depth)·scale, so farther splats get smaller keys; order = identity. */
  #keyPass(n: number): ComputeNode {
    const { centers } = this.textures;
    return Fn(() => {
      const i = uint(invocationLocalIndex).add(workgroupId.x.mul(BLOCK));
      If(i.lessThan(n), () => {
        const centre = texelAt(centers, int(i)).xyz;
        const depth = this.#axis.xyz.dot(centre).add(this.#axis.w);
        this.#keys.element(i).assign(uint(clamp(this.#range.x.sub(depth).mul(this.#range.y), 0, KEY_MAX)));
        this.order.element(i).assign(i);
      });
    })().compute(n, [BLOCK]);
  }
}

/** The TSL typings lag the API (uint storage arrays, element() of workgroup arrays): the shape used here. */
interface UintArray {
  element(index: unknown): UintNode;
}
type UintNode = ReturnType<typeof uint>;
type Buffer = UintArray;

const uintArray = (count: number): UintArray => instancedArray(count, 'uint') as unknown as UintArray;
const sharedUints = (count: number): UintArray => workgroupArray('uint', count) as unknown as UintArray;
const digitOf = (key: UintNode, shift: number): UintNode => key.shiftRight(shift).bitAnd(DIGITS - 1) as unknown as UintNode;

function countDigits(n: number, blocks: number, shift: number, keys: Buffer, histogram: Buffer): ComputeNode {
  return Fn(() => {
    const i = uint(invocationLocalIndex).add(workgroupId.x.mul(BLOCK));
    If(i.lessThan(n), () => {
      atomicAdd(histogram.element(digitOf(keys.element(i), shift).mul(blocks).add(workgroupId.x)), uint(1));
    });
  })().compute(n, [BLOCK]);
}

/** One workgroup: each thread sums a run of the histogram, thread 0 scans the 256 sums, then each run is written as exclusive offsets. */
function scanHistogram(size: number, histogram: Buffer, offsets: Buffer): ComputeNode {
  const run = Math.ceil(size / BLOCK);
  const sums = sharedUints(BLOCK);
  return Fn(() => {
    const t = uint(invocationLocalIndex);
    const start = t.mul(run);
    const total = uint(0).toVar();
    Loop({ start: uint(0), end: uint(run), type: 'uint', condition: '<' }, ({ i }) => {
      const j = start.add(i);
      If(j.lessThan(size), () => { total.addAssign(atomicLoad(histogram.element(j))); });
    });
    sums.element(t).assign(total);
    workgroupBarrier();
    If(t.equal(0), () => {
      const running = uint(0).toVar();
      Loop({ start: uint(0), end: uint(BLOCK), type: 'uint', condition: '<' }, ({ i }) => {
        const value = sums.element(i).toVar();
        sums.element(i).assign(running);
        running.addAssign(value);
      });
    });
    workgroupBarrier();
    const running = sums.element(t).toVar();
    Loop({ start: uint(0), end: uint(run), type: 'uint', condition: '<' }, ({ i }) => {
      const j = start.add(i);
      If(j.lessThan(size), () => {
        offsets.element(j).assign(running);
        running.addAssign(atomicLoad(histogram.element(j)));
      });
    });
  })().compute(BLOCK, [BLOCK]);
}

function scatter(n: number, blocks: number, shift: number, keysIn: Buffer, orderIn: Buffer, keysOut: Buffer, orderOut: Buffer, offsets: Buffer): ComputeNode {
  const digits = sharedUints(BLOCK);
  return Fn(() => {
    const local = uint(invocationLocalIndex);
    const i = local.add(workgroupId.x.mul(BLOCK));
    const inRange = i.lessThan(n);
    const key = uint(0).toVar();
    If(inRange, () => { key.assign(keysIn.element(i)); });
    const digit = digitOf(key as unknown as UintNode, shift).toVar();
    digits.element(local).assign(inRange.select(digit, uint(DIGITS)));
    workgroupBarrier();
    If(inRange, () => {
      const rank = uint(0).toVar();
      Loop({ start: uint(0), end: local, type: 'uint', condition: '<' }, ({ i: j }) => {
        If(digits.element(j).equal(digit), () => { rank.addAssign(1); });
      });
      const destination = offsets.element(digit.mul(blocks).add(workgroupId.x)).add(rank);
      keysOut.element(destination).assign(key);
      orderOut.element(destination).assign(orderIn.element(i));
    });
  })().compute(blocks * BLOCK, [BLOCK]);
}
