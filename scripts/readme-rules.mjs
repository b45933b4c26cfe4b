// Writes the README's rule section (between <!-- rules:start --> and <!-- rules:end -->) from
// the rules table, through the built docs module: `npm run docs`. test/rules-cli.test.ts fails
// when the README and the table disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import { readmeRules } from '../dist/src/rules/docs.js';

const START = '<!-- rules:start -->\n';
const END = '<!-- rules:end -->';
const readme = readFileSync('README.md', 'utf8');
const from = readme.indexOf(START);
const to = readme.indexOf(END);
if (from === -1 || to < from) throw new Error('README.md has no rules:start / rules:end markers');
writeFileSync('README.md', readme.slice(0, from + START.length) + readmeRules() + readme.slice(to));
