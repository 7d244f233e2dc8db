import { describeDisk, type Machine } from './machine.js';
import { round } from './stats.js';

export const FIGURE_IDS = [
  'decision',
  'pass',
  'screen',
  'import',
  'during-import',
  'locked',
  'export',
  'start',
  'bundle',
  'publish',
  'delta-sync',
  'polls',
] as const;
export type FigureId = (typeof FIGURE_IDS)[number];

/** One limit a figure is held to. */
export interface Check {
  what: string;
  value: number;
  limit: number;
  pass: boolean;
}

export interface Figure {
  id: FigureId;
  name: string;
  /** What was measured, in `unit` (percentiles for latencies, a median for durations). */
  measured: Record<string, number>;
  unit: string;
  /** The raw limit of this machine, measured in the same run; null when the figure has none. */
  baseline: Record<string, number> | null;
  baselineWhat: string | null;
  /** measured ÷ baseline on the compared statistic; null without a baseline. */
  ratio: number | null;
  target: string;
  checks: Check[];
  pass: boolean;
  details: Record<string, unknown>;
}

/** A figure as measured, before the bench names it and holds it to its target. */
export type Measured = Omit<Figure, 'id' | 'name' | 'target' | 'pass'>;

export interface BenchReport {
  machine: Machine;
  scale: { members: number; credentials: number; visits: number; taps: number; uiTaps: number; feedMB: number };
  command: string;
  startedAt: string;
  seconds: number;
  setup: Record<string, number>;
  figures: Figure[];
  /** Every figure measured holds its target. */
  pass: boolean;
  notes: string[];
}

export function check(what: string, value: number, limit: number): Check {
  return { what, value: round(value), limit: round(limit), pass: Number.isFinite(value) && value <= limit };
}

export function figure(spec: Omit<Figure, 'pass'>): Figure {
  return {
    ...spec,
    measured: rounded(spec.measured),
    baseline: spec.baseline && rounded(spec.baseline),
    ratio: spec.ratio === null ? null : round(spec.ratio),
    pass: spec.checks.every((c) => c.pass),
  };
}

function rounded(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, round(v)]));
}

function show(values: Record<string, number> | null, unit: string): string {
  if (!values) return '—';
  return Object.entries(values)
    .map(([k, v]) => (k === 'peakMB' ? `peak ${v} MB` : k === unit ? `${v} ${unit}` : `${k} ${v} ${unit}`))
    .join(', ');
}

/** The report as a table a person reads (and the README shows). */
export function table(report: BenchReport): string[] {
  const rows = report.figures.map((f) => [
    f.name,
    show(f.measured, f.unit),
    f.baseline ? `${show(f.baseline, f.unit)} (${f.baselineWhat})` : '—',
    f.ratio === null ? '—' : `${f.ratio}×`,
    f.target,
    f.pass ? 'ok' : 'MISSED',
  ]);
  const header = ['figure', 'measured', 'baseline, same run', 'ratio', 'target', ''];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const { machine: m, scale: s } = report;
  return [
    `Visa Kiosk bench: ${s.members.toLocaleString('en')} members, ${s.credentials.toLocaleString('en')} credentials, ${s.visits.toLocaleString('en')} past visits, ${s.taps.toLocaleString('en')} taps (${report.seconds} s)`,
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, disk ${describeDisk(m.disk)}, ${m.os}, Node ${m.node}, load ${m.loadAverage} at start`,
    '',
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
    '',
    ...report.figures.map((f) => `${f.name}: ${f.checks.map((c) => `${c.what} ${c.value} (≤ ${c.limit}) ${c.pass ? 'ok' : 'MISSED'}`).join('; ')}`),
    '',
    ...report.notes.map((n) => `note: ${n}`),
    report.pass
      ? 'every target holds'
      : `missed: ${report.figures
          .filter((f) => !f.pass)
          .map((f) => f.name)
          .join(', ')}`,
  ];
}
