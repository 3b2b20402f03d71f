/**
 * Prints the comparison table of a results file again: `node bench/show.js bench/results/<file>.json`.
 */
import { readFileSync } from 'node:fs';
import { table } from './lib/report.js';

const file = process.argv[2];
if (!file) throw new Error('usage: node bench/show.js <results.json>');
console.log(table(JSON.parse(readFileSync(file, 'utf8')).results));
