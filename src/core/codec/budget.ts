/**
 * Byte budgets as people write them: `12MB` / `12 mb` (10⁶), `12 MiB` (2²⁰), `800k` / `800 KB`
 * (10³), `1.5G`, `5%` (of the input file), `1:20` (a twentieth of the input), or a bare number of
 * bytes. A relative budget followed by `decoded` (`5% decoded`, `1:20 of decoded`) is relative to
 * the decoded scene (as an uncompressed .ply) instead: an input that is already compressed (a SOG at
 * 13 bytes a splat) makes "a twentieth of the input" far less than people mean. Decimal units follow SI (as file managers and download pages show sizes); binary units
 * need the "i". The result is a whole number of bytes, rounded down so it never exceeds what was
 * asked.
 */
import { ErrorCode, SplatfitError } from '../errors.ts';

const DECIMAL: Readonly<Record<string, number>> = { '': 1, b: 1, k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9 };
const BINARY: Readonly<Record<string, number>> = { kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30 };

export interface Budget {
  /** The text as given. */
  readonly text: string;
  readonly bytes: number;
}

/** What relative budgets are relative to: the input file's size and the decoded scene's (decodedPlyBytes). */
export interface BudgetBase {
  readonly input: number;
  readonly decoded?: number;
}

const DECODED = /\s*(?:of\s+)?(?:the\s+)?decoded(?:\s+scene)?$/i;

/** Parses one budget; `base` is the size of the file being fitted (for `%` and `a:b`), or that and the decoded size. */
export function parseBudget(text: string, base: number | BudgetBase): Budget {
  const trimmed = text.trim();
  const fail = (why: string): never => {
    throw new SplatfitError(ErrorCode.BadValue, `budget '${trimmed}': ${why}; write it like 12MB, 12 MiB, 800k, 5%, 1:20, 5% decoded or a number of bytes`, { field: 'budget' });
  };
  const { input, decoded } = typeof base === 'number' ? { input: base, decoded: undefined } : base;
  const ofDecoded = DECODED.test(trimmed);
  const relative = ofDecoded ? trimmed.replace(DECODED, '') : trimmed;
  if (ofDecoded && decoded === undefined) fail('the decoded size is not known here');
  const inputBytes = ofDecoded ? decoded! : input;
  let bytes: number;
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(relative);
  const ratio = /^(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)$/.exec(relative);
  const sized = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(relative);
  if (ofDecoded && percent === null && ratio === null) fail("'decoded' follows a percentage or a ratio");
  if (percent !== null) {
    const p = Number(percent[1]);
    if (p <= 0 || p > 100) fail('a percentage must be above 0 and at most 100');
    bytes = (inputBytes * p) / 100;
  } else if (ratio !== null) {
    const [a, b] = [Number(ratio[1]), Number(ratio[2])];
    if (a <= 0 || b <= 0 || a > b) fail('a ratio a:b needs 0 < a ≤ b');
    bytes = (inputBytes * a) / b;
  } else if (sized !== null) {
    const unit = sized[2]!.toLowerCase();
    const scale = DECIMAL[unit] ?? BINARY[unit];
    if (scale === undefined) fail(`unknown unit '${sized[2]}'`);
    bytes = Number(sized[1]) * scale!;
  } else {
    return fail('not a size');
  }
  const whole = Math.floor(bytes);
  if (!(whole >= 1) || !Number.isSafeInteger(whole)) fail(`${bytes} bytes is not a usable size`);
  return { text: trimmed, bytes: whole };
}

/** Parses a comma-separated list (`12MB,5%,1:20`), in the order given, without duplicates. */
export function parseBudgets(text: string, base: number | BudgetBase): Budget[] {
  const budgets = text.split(',').filter((part) => part.trim() !== '').map((part) => parseBudget(part, base));
  if (budgets.length === 0) throw new SplatfitError(ErrorCode.BadValue, 'no budget given', { field: 'budget' });
  const seen = new Set<number>();
  return budgets.filter((b) => !seen.has(b.bytes) && seen.add(b.bytes) !== undefined);
}

/** A budget's text as a file name reads it: `10pct`, `1to20`, `1.5MiB`, `5pct-decoded`. */
export function budgetFileLabel(text: string): string {
  return text.trim().replace(/(\d)\s+(?=(?:[kmg]i?b?|b)$)/i, '$1').replace(/\s*%/g, 'pct').replace(/\s*:\s*/g, 'to')
    .replace(/\s+/g, '-').replace(/[^A-Za-z0-9.-]+/g, '_');
}
