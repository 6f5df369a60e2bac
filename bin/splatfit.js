#!/usr/bin/env node
// Runs the CLI from the checkout: as JavaScript built from its TypeScript (cli-build.mjs: on first
// use, and again after a source changed), or, where no build can be made, through tsx, which
// compiles it on load. A compress on glibc first starts itself again with glibc's malloc set to
// give big buffers back (malloc-settings.mjs), before it loads anything else.
import { fileURLToPath } from 'node:url';
import { mallocSettingsChild, relaunchWithMallocSettings } from './malloc-settings.mjs';

await relaunchWithMallocSettings(fileURLToPath(import.meta.url), process.argv.slice(2));
mallocSettingsChild();
const { currentBuild } = await import('./cli-build.mjs');
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
