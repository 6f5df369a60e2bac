/**
 * One error class for every failure the core reports, with a machine-readable `code`.
 *
 * Messages name the file, the place in it and what was expected, so a person can act on them;
 * tests and the UI branch on `code`, never on message text.
 */

export const ErrorCode = {
  /** The file ends before a structure it declares is complete. */
  Truncated: 'TRUNCATED',
  /** The bytes do not start with any format's signature, and the name does not say either. */
  UnknownFormat: 'UNKNOWN_FORMAT',
  /** The signature is right but the header cannot be parsed. */
  BadHeader: 'BAD_HEADER',
  /** A version this reader does not implement. */
  UnsupportedVersion: 'UNSUPPORTED_VERSION',
  /** A declared count is larger than the bytes can hold, or larger than we accept. */
  CountTooLarge: 'COUNT_TOO_LARGE',
  /** A property that the format requires is absent. */
  MissingProperty: 'MISSING_PROPERTY',
  /** A value is outside the range its field allows. */
  BadValue: 'BAD_VALUE',
  /** NaN or infinite values, when the caller asked to refuse them. */
  NonFinite: 'NON_FINITE',
  /** The file holds no splats (or none survive validation). */
  EmptyScene: 'EMPTY_SCENE',
  /** A compressed stream (gzip, zstd, WebP, zip) did not decode. */
  DecompressFailed: 'DECOMPRESS_FAILED',
  /** A writer was asked for something the target format cannot hold. */
  Unwritable: 'UNWRITABLE',
  /** No setting of the codec fits the budget; the message gives the smallest reachable size. */
  BudgetTooSmall: 'BUDGET_TOO_SMALL',
  /** The caller cancelled the operation. */
  Cancelled: 'CANCELLED',
  /** A worker stopped or failed for a reason that is not about the input (out of memory, a bug). */
  WorkerFailed: 'WORKER_FAILED',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorPlace {
  /** File name as the user knows it. */
  file?: string;
  /** Field, property or section where the problem is. */
  field?: string;
  /** Byte offset in the file, where known. */
  offset?: number;
}

export class SplatfitError extends Error {
  override readonly name = 'SplatfitError';
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly field: string | undefined;
  readonly offset: number | undefined;

  constructor(code: ErrorCode, message: string, place: ErrorPlace = {}) {
    super(formatMessage(message, place));
    this.code = code;
    this.file = place.file;
    this.field = place.field;
    this.offset = place.offset;
  }
}

function formatMessage(message: string, place: ErrorPlace): string {
  const where: string[] = [];
  if (place.field !== undefined) where.push(`field '${place.field}'`);
  if (place.offset !== undefined) where.push(`byte ${place.offset}`);
  const prefix = place.file !== undefined ? `${place.file}: ` : '';
  const suffix = where.length > 0 ? ` (${where.join(', ')})` : '';
  return `${prefix}${message}${suffix}`;
}

/** True for errors raised by the core, so callers can tell them from bugs. */
export function isSplatfitError(error: unknown): error is SplatfitError {
  return error instanceof Error && (error as { name?: string }).name === 'SplatfitError' && 'code' in error;
}
