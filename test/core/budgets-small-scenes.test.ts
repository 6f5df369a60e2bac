/**
 * Budget landing on the small and medium shared scenes at all four budgets, and on every other
 * format of playbot-31k at two (the codec sees the same splats; what differs is how they were read).
 */
import { describe } from 'vitest';
import { itLandsEveryBudget } from '../helpers/budget-landing.ts';

const SCENES = ['st-peter-134k.sog', 'luma-seal-101k.splat', 'playbot-31k.ply', 'fruit-drops-4721-sh3.ply', 'cvlab-100-sh3.ply'];
const PLAYBOT_FORMATS = ['playbot-31k-sog', 'playbot-31k.v3.spz', 'playbot-31k.v4.spz', 'playbot-31k.compressed.ply'];

describe('budgets on small and medium scenes', () => {
  for (const name of SCENES) itLandsEveryBudget(name);
  for (const name of PLAYBOT_FORMATS) itLandsEveryBudget(name, [10, 2]);
});
