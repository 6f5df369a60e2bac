import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Real scenes of up to 76 MB are read; generous limits keep slow CI machines green.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
