/**
 * Byte budgets as people write them: `12MB` / `12 mb` (10⁶), `12 MiB` (2²⁰), `800k` / `800 KB`
 * (10³), `1.5G`, `5%` (of the input file), `1:20` (a twentieth of the input), or a bare number of
 * bytes. Decimal units follow SI (as file managers and download pages show sizes); binary units
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

/** Parses one budget; `inputBytes` is the size of the file being fitted (for `%` and `a:b`). */
export function parseBudget(text: string, inputBytes: number): Budget {
  const trimmed = text.trim();
  const fail = (why: string): never => {
    throw new SplatfitError(ErrorCode.BadValue, `budget '${text}': ${why}; write it like 12MB, 12 MiB, 800k, 5%, 1:20 or a number of bytes`, { field: 'budget' });
  };
  let bytes: number;
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(trimmed);
  const ratio = /^(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)$/.exec(trimmed);
  const sized = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(trimmed);
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
export function parseBudgets(text: string, inputBytes: number): Budget[] {
  const budgets = text.split(',').filter((part) => part.trim() !== '').map((part) => parseBudget(part, inputBytes));
  if (budgets.length === 0) throw new SplatfitError(ErrorCode.BadValue, 'no budget given', { field: 'budget' });
  const seen = new Set<number>();
  return budgets.filter((b) => !seen.has(b.bytes) && seen.add(b.bytes) !== undefined);
}
