import { describe, expect, it } from 'vitest';
import { environmentRank, projectRank } from './vitest.sequencer.js';

describe('the test run order', () => {
  it('runs the cheap projects first and the browser files last; an unknown project after all', () => {
    const projects = [
      'e2e',
      'mystery',
      'server-pglite',
      'unit',
      'client',
      'server-postgres',
      'web',
    ];
    expect([...projects].sort((a, b) => projectRank(a) - projectRank(b))).toEqual([
      'unit',
      'web',
      'client',
      'server-postgres',
      'server-pglite',
      'e2e',
      'mystery',
    ]);
  });

  it('keeps the component tests (jsdom) of a project after its Node tests', () => {
    expect(environmentRank('packages/web/src/lib/initials.test.ts')).toBe(0);
    expect(environmentRank('packages/web/src/components/composer.test.tsx')).toBe(1);
  });
});
