/** Number and size formatting shared by the panes and tables. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/**
 * A whole number with its thousands grouped (6,000,000). Written out rather than toLocaleString:
 * a page's first locale formatting loads ICU's number data, which a scratch CPU profile of the
 * page opening the 6 M tiling put at 81 ms inside the task that builds the scene's panes.
 */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const digits = String(Math.abs(Math.round(n)));
  let grouped = digits.slice(0, digits.length % 3 || 3);
  for (let at = grouped.length; at < digits.length; at += 3) grouped += `,${digits.slice(at, at + 3)}`;
  return n < 0 && grouped !== '0' ? `-${grouped}` : grouped;
}

/**
 * An axis tick's value with as many decimals as the ticks' `step` needs (30, 30.5, 0.955): the
 * chart's own labels format through Intl, whose first use loads ICU's number data inside the task
 * that opens a scene (formatCount says how long).
 */
export function formatTick(value: number, step: number): string {
  const decimals = step > 0 ? Math.max(0, Math.min(6, Math.ceil(-Math.log10(step) - 1e-9))) : 0;
  return value.toFixed(decimals);
}

/** Log-axis labels at 1 and 3 × a power of ten only (in decimal units: 1 kB, 3 kB, 10 kB, …), so they never run together. */
export function logAxisLabel(bytes: number): string {
  const power = Math.floor(Math.log10(bytes) + 1e-9);
  const mantissa = bytes / 10 ** power;
  // a tick at 1.2 or 2.5 × a power of ten is left bare (rounded, it read as a second 1 or 3)
  if (Math.abs(mantissa - 1) > 1e-6 && Math.abs(mantissa - 3) > 1e-6) return '';
  const units = ['B', 'kB', 'MB', 'GB'];
  const unit = Math.min(units.length - 1, Math.floor(power / 3));
  return `${Math.round(bytes / 1000 ** unit)} ${units[unit]}`;
}
