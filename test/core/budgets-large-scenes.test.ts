/** Budget landing on the large shared scenes (test/helpers/budget-landing.ts). */
import { describe } from 'vitest';
import { itLandsEveryBudget } from '../helpers/budget-landing.ts';

describe('budgets on large scenes', () => {
  for (const name of ['playbot-500k.ply', 'playcanvas-logo-sog', 'playbot-125k.ply']) itLandsEveryBudget(name);
});
