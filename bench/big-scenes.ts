/**
 * The CLI's time on big scenes alone (bench/compress/big-scenes.ts): 2 M and 6 M tilings of
 * playbot-500k (BENCH_BIG=2m,6m to choose), compressed to 5 %. Prints the table, writes
 * bench/results/big-scenes.md and the `bigScenes` entry of compress.json.
 * Run: `npm run bench:big-scenes` (bench:compress runs it too).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bigScenesTable, measureBigScenes } from './compress/big-scenes.ts';

const sizes = (process.env['BENCH_BIG'] ?? '2m,6m').split(',');
const rows = await measureBigScenes(sizes, (line) => process.stdout.write(`${line}\n`));
const table = bigScenesTable(rows);
process.stdout.write(`\n${table}`);
const results = join(import.meta.dirname, 'results');
writeFileSync(join(results, 'big-scenes.md'), `# Big scenes\n\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)}. \`${process.env['BENCH_BIG'] === undefined ? '' : `BENCH_BIG=${process.env['BENCH_BIG']} `}npm run bench:big-scenes\`.\n\n${table}`);
const jsonPath = join(results, 'compress.json');
const json = existsSync(jsonPath) ? JSON.parse(readFileSync(jsonPath, 'utf8')) as Record<string, unknown> : {};
json['bigScenes'] = rows;
writeFileSync(jsonPath, JSON.stringify(json, null, 1) + '\n');
