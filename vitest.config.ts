import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Most test files are one long single-threaded computation: two at a time keep both of a
    // 2-core machine's cores busy (by default vitest leaves one core to the rest of the machine).
    maxWorkers: 2,
    // Real scenes of up to 76 MB are read; generous limits keep slow CI machines green.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
