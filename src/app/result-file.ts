/** A fitted result as a file name whose extension says its format to the readers. */
import { WRITABLE_EXTENSIONS } from '../core/index.ts';
import type { BudgetResult } from '../../workers/compress-tasks.ts';

export function resultFileName(result: Pick<BudgetResult, 'format'>): string {
  return `result${WRITABLE_EXTENSIONS[result.format]}`;
}
