import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChaosEvent } from './chaos.js';
import type { MemorySample } from './memory.js';

const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));

interface Latency {
  count: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

export interface SoakReport {
  startedAt: string;
  durationS: number;
  nodes: number;
  users: number;
  visitors: number;
  ackedMessages: number;
  actions: Record<string, number>;
  chaos: ChaosEvent[];
  checks: { at: number; violations: number }[];
  latencyMs: { sendToAck: Latency; sendToReceive: Latency };
  errorsByKind: Record<string, number>;
  errorExamples: Record<string, string>;
  memory: {
    node: string;
    secondThirdMedianMiB: number | null;
    lastThirdMedianMiB: number | null;
    peakMiB: number;
    verdict: string;
  }[];
  memorySamples: Record<string, MemorySample[]>;
  violations: string[];
}

/** Writes the report as JSON (everything, every sample) and markdown (the summary) under bench/results/. */
export async function writeReport(report: SoakReport) {
  await mkdir(RESULTS, { recursive: true });
  const stem = `soak-${report.startedAt.replace(/[:.]/g, '-')}`;
  const jsonPath = join(RESULTS, `${stem}.json`);
  const markdownPath = join(RESULTS, `${stem}.md`);
  const markdown = toMarkdown(report);
  await writeFile(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(markdownPath, markdown);
  return { jsonPath, markdownPath, markdown };
}

function toMarkdown(r: SoakReport): string {
  const chaosCounts = countBy(r.chaos.map((e) => e.kind));
  const lines = [
    `# Soak ${r.startedAt}`,
    '',
    `${Math.round(r.durationS / 60)} min (${r.durationS} s), ${r.nodes} nodes, ${r.users} users, ` +
      `${r.visitors} widget visitors; ${r.ackedMessages} messages acked; ` +
      `${r.checks.length} invariant checks.`,
    '',
    `Actions: ${entries(r.actions)}.`,
    '',
    `Chaos (${r.chaos.length}): ${entries(chaosCounts)}.`,
    '',
    '| latency (ms) | count | p50 | p99 | max |',
    '| --- | --- | --- | --- | --- |',
    latencyRow('send → ack', r.latencyMs.sendToAck),
    latencyRow('send → receive', r.latencyMs.sendToReceive),
    '',
    '| node | RSS MiB, 2nd third (median) | last third (median) | peak | verdict |',
    '| --- | --- | --- | --- | --- |',
    ...r.memory.map(
      (m) =>
        `| ${m.node} | ${m.secondThirdMedianMiB ?? '–'} | ${m.lastThirdMedianMiB ?? '–'} | ` +
        `${m.peakMiB} | ${m.verdict} |`,
    ),
    '',
    'Memory over time (RSS MiB, one sample a minute):',
    '',
    ...Object.entries(r.memorySamples).map(
      ([node, samples]) =>
        `- ${node}: ${perMinute(samples)
          .map((s) => `${Math.round(s.t / 60)}′ ${Math.round(s.rssMiB)}`)
          .join(', ')}`,
    ),
    '',
    '| error kind | count | first seen |',
    '| --- | --- | --- |',
    ...Object.entries(r.errorsByKind).map(
      ([kind, n]) => `| ${kind} | ${n} | ${(r.errorExamples[kind] ?? '').replaceAll('|', '\\|')} |`,
    ),
    '',
    r.violations.length === 0
      ? 'Invariant violations: none.'
      : `Invariant violations (${r.violations.length}):\n\n${r.violations.map((v) => `- ${v}`).join('\n')}`,
    '',
  ];
  return lines.join('\n');
}

const latencyRow = (name: string, l: Latency) =>
  `| ${name} | ${l.count} | ${l.p50 ?? '–'} | ${l.p99 ?? '–'} | ${l.max ?? '–'} |`;

const entries = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'none';

function countBy(keys: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

/** The first sample of each minute. */
function perMinute(samples: readonly MemorySample[]): MemorySample[] {
  const seen = new Set<number>();
  return samples.filter((s) => {
    const minute = Math.floor(s.t / 60);
    if (seen.has(minute)) return false;
    seen.add(minute);
    return true;
  });
}
