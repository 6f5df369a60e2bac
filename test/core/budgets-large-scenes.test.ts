/** Budget landing on the large shared scenes (test/helpers/budget-landing.ts). */
import { describe } from 'vitest';
import { itLandsEveryBudget } from '../helpers/budget-landing.ts';

describe('budgets on large scenes', () => {
  itLandsEveryBudget('playbot-125k.ply');
  // The two largest scenes take a minute a budget on CI's 2 cores: the ends of the range (all
  // splats kept and precision raised; many pruned).
  for (const name of ['playbot-500k.ply', 'playcanvas-logo-sog']) itLandsEveryBudget(name, [10, 2]);
});
