/**
 * A fixed number of workers taking queued tasks in order. Platform-free: the caller supplies how
 * a worker is started (Web Worker in the browser, worker_threads in Node). A task runs on one
 * worker; cancelling a queued task drops it, cancelling a running one terminates its worker (a
 * fit is one long synchronous computation that would not see a cancel message) and starts a fresh
 * one in its place. Each worker carries a small state of its own (what has been loaded into it).
 */
import { ErrorCode, SplatfitError } from '../src/core/index.ts';

export interface PoolWorker<Api> {
  readonly api: Api;
  terminate(): void;
}

export interface PoolTask<T> {
  readonly result: Promise<T>;
  /** Rejects `result` with CANCELLED unless it has already settled. */
  cancel(): void;
}

interface Slot<Api> {
  worker: PoolWorker<Api>;
  /** Keys of what this worker already holds (scenes loaded into it). */
  loaded: Set<string>;
  busy: boolean;
}

interface Queued<Api> {
  run: (slot: Slot<Api>) => void;
  reject: (error: unknown) => void;
}

export type SlotWork<Api, T> = (worker: PoolWorker<Api>, loaded: Set<string>) => Promise<T>;

export class WorkerPool<Api> {
  readonly #spawn: () => PoolWorker<Api>;
  readonly #slots: Slot<Api>[] = [];
  readonly #queue: Queued<Api>[] = [];
  #closed = false;

  constructor(spawn: () => PoolWorker<Api>, readonly size: number) {
    if (!(size >= 1)) throw new RangeError(`a pool needs at least one worker, got ${size}`);
    this.#spawn = spawn;
  }

  run<T>(work: SlotWork<Api, T>): PoolTask<T> {
    if (this.#closed) throw new SplatfitError(ErrorCode.WorkerFailed, 'the worker pool is closed');
    let settled = false, running: Slot<Api> | null = null;
    let reject!: (error: unknown) => void;
    let cancelQueued = (): void => {};
    const result = new Promise<T>((resolve, rejectResult) => {
      reject = rejectResult;
      const queued: Queued<Api> = {
        reject: rejectResult,
        run: (slot) => {
          running = slot;
          work(slot.worker, slot.loaded).then(resolve, rejectResult).finally(() => {
            settled = true;
            if (running === slot) this.#release(slot);
          });
        },
      };
      this.#queue.push(queued);
      this.#dispatch();
      cancelQueued = () => {
        const at = this.#queue.indexOf(queued);
        if (at >= 0) this.#queue.splice(at, 1);
      };
    });
    // A task rejected by close() or cancel() while nobody awaits it yet must not end the process as
    // an unhandled rejection (issue 11); whoever awaits `result` still gets the error.
    result.catch(() => undefined);
    const cancel = (): void => {
      if (settled) return;
      settled = true;
      cancelQueued();
      if (running !== null) this.#replace(running);
      running = null;
      reject(new SplatfitError(ErrorCode.Cancelled, 'cancelled'));
    };
    return { result, cancel };
  }

  /** Starts every worker the pool may have now, so that its first tasks do not wait for a worker to load. */
  warm(): void {
    if (this.#closed) return;
    while (this.#slots.length < this.size) this.#slots.push({ worker: this.#spawn(), loaded: new Set(), busy: false });
  }

  /**
   * Runs `work` at once when a worker is free (or may be started) and nothing is queued; null
   * otherwise, so a task lent to another never waits behind the pool's own work.
   */
  runIfIdle<T>(work: SlotWork<Api, T>): PoolTask<T> | null {
    if (this.#closed || this.#queue.length > 0) return null;
    if (!this.#slots.some((s) => !s.busy) && this.#slots.length >= this.size) return null;
    return this.run(work);
  }

  /**
   * Sends `work` to every started worker at once, busy or not (a busy worker takes it after its
   * current task): for what every worker must hear, such as forgetting a closed scene.
   */
  broadcast(work: (worker: PoolWorker<Api>, loaded: Set<string>) => void): void {
    for (const slot of this.#slots) work(slot.worker, slot.loaded);
  }

  /** Terminates every worker; queued tasks reject with CANCELLED. */
  close(): void {
    this.#closed = true;
    for (const queued of this.#queue.splice(0)) queued.reject(new SplatfitError(ErrorCode.Cancelled, 'the worker pool was closed'));
    for (const slot of this.#slots.splice(0)) slot.worker.terminate();
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      let slot = this.#slots.find((s) => !s.busy);
      if (slot === undefined && this.#slots.length < this.size) {
        slot = { worker: this.#spawn(), loaded: new Set(), busy: false };
        this.#slots.push(slot);
      }
      if (slot === undefined) return;
      slot.busy = true;
      this.#queue.shift()!.run(slot);
    }
  }

  #release(slot: Slot<Api>): void {
    slot.busy = false;
    this.#dispatch();
  }

  /** The slot's worker is killed mid-task: a fresh worker, holding nothing yet, takes its place. */
  #replace(slot: Slot<Api>): void {
    slot.worker.terminate();
    if (this.#closed) return;
    slot.worker = this.#spawn();
    slot.loaded = new Set();
    this.#release(slot);
  }
}

/** Runs a task on the pool and resolves with its result (a step of a task group). */
export type RunStep<Api> = <T>(work: SlotWork<Api, T>) => Promise<T>;

/**
 * Several pool tasks as one: `body` runs its steps through `run` (in sequence or side by side);
 * cancelling the group cancels the steps running or queued, and refuses new ones with CANCELLED.
 */
export function taskGroup<Api, T>(pool: WorkerPool<Api>, body: (run: RunStep<Api>) => Promise<T>): PoolTask<T> {
  const running = new Set<PoolTask<unknown>>();
  let cancelled = false;
  const run: RunStep<Api> = (work) => {
    if (cancelled) return Promise.reject(new SplatfitError(ErrorCode.Cancelled, 'cancelled'));
    const task = pool.run(work);
    running.add(task);
    return task.result.finally(() => running.delete(task));
  };
  const result = body(run);
  // as run(): nobody may be awaiting a cancelled group yet
  result.catch(() => undefined);
  return {
    result,
    cancel: () => {
      cancelled = true;
      for (const task of running) task.cancel();
    },
  };
}
