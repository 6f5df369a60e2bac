/**
 * A fit's helper on loan (workers/fit-loan.ts): the fitting worker posts each call on its channel
 * before the pool is asked for a worker, so a lent worker starts on it while the fitting worker
 * renders its own share; with no worker free, the call is the fitting worker's own again.
 */
import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../src/core/index.ts';
import { helperOnLoan, type HelperLender, type LoanedHelp } from '../workers/fit-loan.ts';
import type { PreparedData } from '../src/core/raster/prepared-splats.ts';
import type { DrawnScene } from '../src/core/scene/drawn-scene.ts';

const scene = {} as DrawnScene, prepared = {} as PreparedData;

describe('a helper on loan', () => {
  it('has its call on the channel before the lender answers, and gives the lent worker\'s answer', async () => {
    const asked: (readonly number[])[] = [];
    // a lender that says yes only once the call has reached the worker it lent: were the call posted
    // after the lender's answer, this would wait for ever
    const lender: HelperLender = {
      lend: (port) => new Promise((resolve) => {
        Comlink.expose({
          validationErrors: async (_scene: DrawnScene, views: readonly number[]) => {
            asked.push(views);
            resolve(true);
            return { ok: true, value: Float64Array.from(views, (v) => v / 10) };
          },
        } satisfies Partial<LoanedHelp>, port);
      }),
    };
    const helper = helperOnLoan(lender);
    expect(await helper.validationErrors(scene, [1, 3], prepared)).toEqual(new Float64Array([0.1, 0.3]));
    expect(asked).toEqual([[1, 3]]);
  });

  it('answers null when no worker is free, and throws what the lent worker failed with', async () => {
    expect(await helperOnLoan({ lend: async (port) => (port.close(), false) }).validationErrors(scene, [0], prepared)).toBeNull();
    const failing: HelperLender = {
      lend: async (port) => {
        Comlink.expose({ validationErrors: async () => ({ ok: false, error: { code: ErrorCode.WorkerFailed, message: 'out of memory' } }) }, port);
        return true;
      },
    };
    await expect(helperOnLoan(failing).validationErrors(scene, [0], prepared)).rejects.toThrow('out of memory');
  });
});
