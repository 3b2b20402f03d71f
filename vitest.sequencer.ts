import { BaseSequencer } from 'vitest/node';
import type { TestSpecification } from 'vitest/node';

/** Its files lead the run (see MixedProjects). */
const BROWSER_PROJECT = 'e2e';

/**
 * Vitest's order within each project (longest or largest file first), but the projects mixed
 * evenly through the run instead of one after the other.
 *
 * A browser test file spends most of its time waiting on processes outside its worker (its server
 * and Chromium), so it runs best beside a file that computes. Project after project, the browser
 * files would come together: two servers and two browsers on two cores, with nothing computing.
 * Mixed evenly, any stretch of the run holds the same share of each project (a browser file
 * about every eleventh), so a worker usually picks one up while the other computes. A count
 * rather than a time, as a clean clone has no durations yet: what matters is that no project's
 * files bunch up, and the cheap ones (unit, web) are spread too, not left to run alone at the
 * end. The browser files start first: they are the longest.
 */
export class MixedProjects extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const byProject = new Map<string, TestSpecification[]>();
    for (const spec of await super.sort(files)) {
      const list = byProject.get(spec.project.name) ?? [];
      list.push(spec);
      byProject.set(spec.project.name, list);
    }
    const lists = [...byProject].sort(([a], [b]) => leadsFirst(a) - leadsFirst(b));
    return mixEvenly(lists.map(([, specs]) => specs));
  }
}

const leadsFirst = (project: string) => (project === BROWSER_PROJECT ? 0 : 1);

/**
 * The lists merged so that each one's items sit at even intervals through the result, each list
 * in its own order; at equal places, the earlier list first.
 */
export function mixEvenly<T>(lists: T[][]): T[] {
  return lists
    .flatMap((list, rank) => list.map((item, i) => ({ item, rank, place: i / list.length })))
    .sort((a, b) => a.place - b.place || a.rank - b.rank)
    .map(({ item }) => item);
}
