import { BaseSequencer } from 'vitest/node';
import type { TestSpecification } from 'vitest/node';

/** The project whose files are spread through the run (see SpreadBrowserTests). */
const BROWSER_PROJECT = 'e2e';

/**
 * Vitest's order (project by project, longest or largest file first within each), with the
 * browser test files spread evenly through it instead of left together.
 *
 * A browser test file spends most of its time waiting on processes outside its worker (its server
 * and Chromium), so it runs best beside a file that computes. Left together, the two workers
 * would pick up two browser files at once (two servers and two browsers on two cores) and
 * nothing else; spread out, a worker usually picks one up while the other runs the suites that
 * compute. The first file of the run is a browser file, so the last ones are short files
 * and no browser file is left running alone at the end.
 */
export class SpreadBrowserTests extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const browser = sorted.filter((spec) => spec.project.name === BROWSER_PROJECT);
    const others = sorted.filter((spec) => spec.project.name !== BROWSER_PROJECT);
    return spreadEvenly(browser, others);
  }
}

/** `few` placed at even intervals among `many`, the first of `few` first; each keeps its order. */
export function spreadEvenly<T>(few: T[], many: T[]): T[] {
  if (few.length === 0) return many;
  const result: T[] = [];
  few.forEach((item, i) => {
    const from = Math.floor((i * many.length) / few.length);
    const to = Math.floor(((i + 1) * many.length) / few.length);
    result.push(item, ...many.slice(from, to));
  });
  return result;
}
