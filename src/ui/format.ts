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
  const digits = String(Math.abs(Math.round(n)));
  let grouped = digits.slice(0, digits.length % 3 || 3);
  for (let at = grouped.length; at < digits.length; at += 3) grouped += `,${digits.slice(at, at + 3)}`;
  return n < 0 && grouped !== '0' ? `-${grouped}` : grouped;
}
