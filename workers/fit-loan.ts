/**
 * A fit's helper on loan (core/codec/fit-helper.ts): the pool lends the fitting worker another
 * worker for one call at a time, over a message channel of their own. The pool only hands out the
 * channel; what the call carries — the fit's coded scene and its preparation in shared memory,
 * streams, gradients — goes straight from worker to worker. Relayed through the thread that runs
 * the pool, each call left that thread a handle on the shared memory it carried, alive until that
 * thread's next full collection: on the page, whose main thread is rarely collected, the fit's
 * coded scenes stayed resident (about 0.5 GB while fitting 5 % of the 6 M tiling of playbot-500k).
 */
import * as Comlink from 'comlink';
import type { FitHelper, PackedStreams, PackRequest, SweepShare } from '../src/core/codec/fit-helper.ts';
import type { KeptSplats } from '../src/core/codec/kept-splats.ts';
import type { Camera, ViewFidelity } from '../src/core/index.ts';
import type { PreparedData } from '../src/core/raster/prepared-splats.ts';
import type { DrawnScene } from '../src/core/scene/drawn-scene.ts';
import { type JobSupport, type Outcome, unwrapOutcome } from './compress-tasks.ts';

/**
 * The pool's side of a fit's loans: gives the other end of a channel, on which the fitting worker
 * has already posted its call, to a worker free right now, the scene's analysis loaded there
 * (true), or closes it (false: none is free).
 */
export interface HelperLender {
  lend(port: MessagePort): Promise<boolean>;
}

/** What a lent worker answers on a loan's channel: one call, each as the worker's own API answers it for this fit. */
export interface LoanedHelp {
  validationErrors(scene: DrawnScene, views: readonly number[], prepared: PreparedData): Promise<Outcome<Float64Array>>;
  refitSweep(scene: DrawnScene, views: readonly number[], gradient: Float32Array | null, prepared: PreparedData): Promise<Outcome<SweepShare>>;
  packStreams(splats: KeptSplats, kept: number, request: PackRequest): Promise<Outcome<PackedStreams>>;
  compareReport(candidate: DrawnScene, size: number, cameras: readonly Camera[], views: readonly number[], prepared: PreparedData): Promise<Outcome<ViewFidelity[]>>;
  keepReferences(size: number, cameras: readonly Camera[], views: readonly number[], prepared?: PreparedData): Promise<Outcome<boolean[]>>;
}

/**
 * The fitting worker's helper: each call is posted on a channel of its own at once, and the
 * channel's other end handed to `lender`, so a lent worker starts on it while this one renders its
 * own share (a call made only once a channel came back would wait for that share to end). Null,
 * as a helper answers, when no worker was free.
 */
export function helperOnLoan(lender: HelperLender): NonNullable<JobSupport['helper']> {
  const onLoan = async <T>(call: (help: Comlink.Remote<LoanedHelp>) => Promise<Outcome<T>>): Promise<T | null> => {
    const { port1, port2 } = new MessageChannel();
    const help = Comlink.wrap<LoanedHelp>(port1);
    // queued on the channel until a lent worker takes its other end; never answered if none does
    const answer = call(help);
    try {
      if (!(await lender.lend(Comlink.transfer(port2, [port2])))) return null;
      return unwrapOutcome(await answer);
    } finally {
      // the lent worker ends its side once it has answered (releaseProxy would wait for a reply it never sends)
      port1.close();
    }
  };
  const helper: FitHelper = {
    validationErrors: (scene, views, prepared) => onLoan((help) => help.validationErrors(scene, views, prepared)),
    refitSweep: (scene, views, gradient, prepared) => onLoan((help) => help.refitSweep(scene, views, gradient, prepared)),
    packStreams: (splats, kept, request) => onLoan((help) => help.packStreams(splats, kept, request)),
  };
  return {
    ...helper,
    compareReport: (candidate, size, cameras, views, prepared) => onLoan((help) => help.compareReport(candidate, size, cameras, views, prepared)),
    keepReferences: (size, cameras, views, prepared) => onLoan((help) => help.keepReferences(size, cameras, views, prepared)),
  };
}

/**
 * The lent worker's side: answers one call of `help` on `port`, then closes it, telling `onCall`
 * which kind of call it was. Resolves once the answer is posted, which ends the loan (the pool then
 * lends this worker again).
 */
export function answerOneCall(help: LoanedHelp, port: MessagePort, onCall: (kind: keyof LoanedHelp) => void = () => {}): Promise<void> {
  return new Promise((resolve) => {
    const once = <A extends unknown[], R>(kind: keyof LoanedHelp, method: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
      onCall(kind);
      try {
        return await method(...args);
      } finally {
        // after comlink has posted the answer, which it does as this call's promise settles
        setTimeout(() => {
          port.close();
          resolve();
        }, 0);
      }
    };
    Comlink.expose({
      validationErrors: once('validationErrors', help.validationErrors),
      refitSweep: once('refitSweep', help.refitSweep),
      packStreams: once('packStreams', help.packStreams),
      compareReport: once('compareReport', help.compareReport),
      keepReferences: once('keepReferences', help.keepReferences),
    } satisfies LoanedHelp, port);
  });
}
