#!/usr/bin/env node
// Runs the CLI from the checkout: as JavaScript built from its TypeScript (cli-build.mjs: on first
// use, and again after a source changed), or, where no build can be made, through tsx, which
// compiles it on load.
import { fileURLToPath } from 'node:url';
import { currentBuild } from './cli-build.mjs';

const built = currentBuild(fileURLToPath(new URL('..', import.meta.url)));
if (built !== null) {
  // the build's stack traces point into the TypeScript (SPLATFIT_DEBUG=1 prints them)
  if (process.env.SPLATFIT_DEBUG === '1') process.setSourceMapsEnabled(true);
  await import(built);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/splatfit.ts');
}
