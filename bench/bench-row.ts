/** One line of `npm run bench`: a figure, the baseline measured in the same run, and DESIGN §5's target. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** e.g. { name: 'grep -c -F (same file)', value: 0.31, unit: 's' } */
  baseline?: { name: string; value: number; unit: string };
  /** The DESIGN §5 target in words, e.g. '≤ 2 × grep'. */
  target?: string;
  /** Whether the target is met (undefined when there is no target). */
  met?: boolean;
}
