/**
 * How large a declared scene may be, and which code a reader gives when a file holds less than
 * its header declares — one rule for every format, so the same cause gets the same code:
 *
 * - a count above MAX_SPLATS is COUNT_TOO_LARGE whatever else is true (no file here comes near it);
 * - otherwise bytes that end before the declared rows are TRUNCATED, whether 10 % or 99 % of the
 *   file is there: a cut file and a header whose count is too large look the same from the bytes,
 *   and the message says both.
 *
 * Formats whose container shows where the data ends (a complete gzip or zstd stream, a zip) can
 * tell a wrong count from a cut file, and say which.
 */
import { ErrorCode, type ErrorPlace, SplatfitError } from '../errors.ts';

/**
 * Most splats any reader accepts: 2²⁶ (67 million), far above the largest published scenes
 * (~10–20 million), and small enough that every array of a degree-3 scene fits one typed array.
 */
export const MAX_SPLATS = 2 ** 26;

/** Refuses a declared splat count above MAX_SPLATS (COUNT_TOO_LARGE). */
export function refuseHugeCount(count: number, place: ErrorPlace): void {
  if (count <= MAX_SPLATS) return;
  throw new SplatfitError(ErrorCode.CountTooLarge, `header declares ${count} splats; at most ${MAX_SPLATS} are read`, place);
}

/**
 * Refuses `needed` bytes when only `available` follow (no-op when they do): COUNT_TOO_LARGE for a
 * count above MAX_SPLATS, else TRUNCATED. `what` names the declared structure ("31000 vertices of 152 bytes").
 */
export function refuseShortData(count: number, needed: number, available: number, what: string, place: ErrorPlace): void {
  if (needed <= available) return;
  refuseHugeCount(count, place);
  throw new SplatfitError(
    ErrorCode.Truncated,
    `the file ends before the ${what} its header declares (${needed} bytes; ${Math.max(0, available)} there): truncated, or its count is wrong`,
    place,
  );
}
