/**
 * What a benchmark that measures part of its table keeps from the last run, and how it names the
 * command it ran: shared by the benchmarks whose runs may cover some scenes or columns only.
 */
import { readFileSync } from 'node:fs';

/** The rows the last run wrote to `path` (its results JSON), none where there is no readable file. */
export function previousRows<Row>(path: string): Row[] {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Row[];
  } catch {
    return [];
  }
}

/** `npm run script` preceded by those of `variables` this run was given (`KEY=value `), as a table's header quotes it. */
export function benchCommand(script: string, variables: readonly string[]): string {
  return `${variables.filter((k) => process.env[k] !== undefined).map((k) => `${k}=${process.env[k]} `).join('')}npm run ${script}`;
}
