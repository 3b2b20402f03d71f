import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RATE_BUDGETS } from './rate-budgets.js';

const SECURITY_DOC = new URL('../../../../docs/security.md', import.meta.url);

/** How docs/security.md writes a budget's window. */
function windowLabel(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** The budgets table of docs/security.md: `| \`name\` | actions | per | ...` rows. */
function documentedBudgets(): Map<string, { actions: string; per: string }> {
  const rows = readFileSync(SECURITY_DOC, 'utf8')
    .split('\n')
    .map((line) => /^\|\s*`(\w+)`\s*\|\s*([\d,]+)\s*\|\s*([^|]+?)\s*\|/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null);
  return new Map(rows.map(([, name, actions, per]) => [name!, { actions: actions!, per: per! }]));
}

describe('RATE_BUDGETS', () => {
  it('is the table docs/security.md shows: every budget, its actions and its window', () => {
    const documented = documentedBudgets();
    const expected = new Map(
      Object.entries(RATE_BUDGETS).map(([name, budget]) => [
        name,
        { actions: String(budget.points), per: windowLabel(budget.durationSec) },
      ]),
    );
    expect(documented).toEqual(expected);
  });
});
