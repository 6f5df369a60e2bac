/** freeNow detaches what it may and leaves everything else alone. */
import { describe, expect, it } from 'vitest';
import { freeNow } from '../../src/core/index.ts';

/** An ArrayBuffer whose `transfer` is recorded (Node 20 has none; Chromium's detaches). */
function recorded(bytes: number): { buffer: ArrayBuffer; calls: (number | undefined)[] } {
  const buffer = new ArrayBuffer(bytes), calls: (number | undefined)[] = [];
  Object.defineProperty(buffer, 'transfer', { value: (length?: number) => (calls.push(length), new ArrayBuffer(length ?? 0)) });
  return { buffer, calls };
}

describe('freeNow', () => {
  it('detaches each ArrayBuffer once, as a zero-length transfer', () => {
    const a = recorded(16), b = recorded(8);
    freeNow([a.buffer, b.buffer]);
    expect([a.calls, b.calls]).toEqual([[0], [0]]);
  });

  it('leaves shared memory and buffers already detached alone', () => {
    const shared = new SharedArrayBuffer(8);
    Object.defineProperty(shared, 'transfer', { value: () => { throw new Error('shared memory was detached'); } });
    const gone = recorded(8);
    Object.defineProperty(gone.buffer, 'detached', { value: true });
    freeNow([shared, gone.buffer]);
    expect(gone.calls).toEqual([]);
  });

  it('detaches with the runtime\'s own transfer where it has one, and otherwise does nothing', () => {
    const plain = new ArrayBuffer(8);
    freeNow([plain]);
    expect(plain.byteLength).toBe('transfer' in ArrayBuffer.prototype ? 0 : 8);
  });
});
