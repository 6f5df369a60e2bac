/** Process entry of the `splatfit` CLI (bin/splatfit.js loads this through tsx). */
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
