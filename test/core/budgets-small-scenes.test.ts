/** Budget landing on the small and medium shared scenes, and every other format of playbot-31k (test/helpers/budget-landing.ts). */
import { describe } from 'vitest';
import { itLandsEveryBudget } from '../helpers/budget-landing.ts';

const SCENES = [
  'st-peter-134k.sog', 'luma-seal-101k.splat', 'playbot-31k.ply', 'playbot-31k-sog', 'playbot-31k.v3.spz', 'playbot-31k.v4.spz',
  'playbot-31k.compressed.ply', 'fruit-drops-4721-sh3.ply', 'cvlab-100-sh3.ply',
];

describe('budgets on small and medium scenes', () => {
  for (const name of SCENES) itLandsEveryBudget(name);
});
