/** The worker pool's lending and warming (workers/pool.ts), with stand-in workers. */
import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../workers/pool.ts';

function standIns() {
  const spawned: number[] = [];
  const spawn = () => {
    const id = spawned.length;
    spawned.push(id);
    return { api: { id }, terminate: () => {} };
  };
  return { spawn, spawned };
}

describe('worker pool', () => {
  it('warm starts every worker once, and later tasks run on them', async () => {
    const { spawn, spawned } = standIns();
    const pool = new WorkerPool(spawn, 2);
    pool.warm();
    pool.warm();
    expect(spawned).toEqual([0, 1]);
    const ids = await Promise.all([0, 1, 2].map(() => pool.run(async (worker) => worker.api.id).result));
    expect(new Set(ids)).toEqual(new Set([0, 1]));
    expect(spawned).toEqual([0, 1]);
    pool.close();
  });

  it('runIfIdle runs on a free worker at once, and answers null while every worker is busy or tasks wait', async () => {
    const { spawn } = standIns();
    const pool = new WorkerPool(spawn, 2);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const busy = pool.run(async () => held);
    // one worker busy, one free: lent at once
    const lent = pool.runIfIdle(async (worker) => worker.api.id);
    expect(lent).not.toBeNull();
    const other = pool.run(async () => held);
    // both busy: nothing lent
    expect(pool.runIfIdle(async () => 0)).toBeNull();
    await lent!.result;
    // the lent task is done, but a queued task waits for it: the queue goes first
    const queued = pool.run(async () => 'queued');
    const another = pool.run(async () => 'another');
    expect(pool.runIfIdle(async () => 0)).toBeNull();
    release();
    await Promise.all([busy.result, other.result, queued.result, another.result]);
    expect(pool.runIfIdle(async () => 'free again')).not.toBeNull();
    pool.close();
  });
});
