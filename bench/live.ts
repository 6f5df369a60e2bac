/**
 * The live-budget timings alone (bench/compress/live.ts) on playbot-500k (BENCH_LIVE_SCENE to
 * choose): prints the table, writes bench/results/live.md and the `live` entry of compress.json.
 * Run: `npm run bench:live` (bench:compress runs it too).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { liveTable, measureLiveWithPage } from './compress/live.ts';

const name = process.env['BENCH_LIVE_SCENE'] ?? 'playbot-500k.ply';
const live = await measureLiveWithPage(name, (line) => process.stdout.write(`${line}\n`));
const table = liveTable(live);
process.stdout.write(`\n${table}`);
const results = join(import.meta.dirname, 'results');
writeFileSync(join(results, 'live.md'), `# Live budget\n\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)}. \`npm run bench:live\`.\n\n${table}`);
const jsonPath = join(results, 'compress.json');
const json = existsSync(jsonPath) ? JSON.parse(readFileSync(jsonPath, 'utf8')) as Record<string, unknown> : {};
json['live'] = live;
writeFileSync(jsonPath, JSON.stringify(json, null, 1) + '\n');
