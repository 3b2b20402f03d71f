import { BaseSequencer } from 'vitest/node';
import type { TestSpecification } from 'vitest/node';

/**
 * The order projects run in: the cheap ones first (their failures show within a minute), the
 * browser files last.
 */
const PROJECT_ORDER = ['unit', 'web', 'client', 'server-postgres', 'server-pglite', 'e2e'];

/**
 * Projects one after the other, each in Vitest's own order (longest or largest file first), and
 * within a project the files of one environment together (the web app's component tests, `.tsx`,
 * run in jsdom; its logic tests in Node).
 *
 * Why together: a worker that finishes a file keeps its modules (`isolate: false`) only when the
 * next file in the queue is of the same project and environment (Vitest's pool, `isEqualRunner`);
 * otherwise it stops, and the next file pays for a new worker and its imports again (the server,
 * Socket.IO, Fastify, the AWS SDK, or jsdom). An earlier order mixed the projects evenly so that
 * a browser file, which mostly waits, ran beside a file that computes; it made nearly every file
 * start a new worker, and the run spent 428 of its 2,222 s with no file running at all
 * (docs/performance.md, "The test run").
 */
export class ProjectByProject extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // A stable sort: Vitest's order stays within each (project, environment).
    return (await super.sort(files)).sort(
      (a, b) =>
        projectRank(a.project.name) - projectRank(b.project.name) ||
        environmentRank(a.moduleId) - environmentRank(b.moduleId),
    );
  }
}

/** A project's place in `PROJECT_ORDER`; one not listed runs after those listed. */
export function projectRank(project: string): number {
  const index = PROJECT_ORDER.indexOf(project);
  return index === -1 ? PROJECT_ORDER.length : index;
}

/** Component tests (`.tsx`, in jsdom) after the rest of their project (in Node). */
export const environmentRank = (file: string): number => (file.endsWith('.tsx') ? 1 : 0);
