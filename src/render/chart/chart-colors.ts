/** One palette for every chart, so a colour means the same thing on the page and in Slack. */
export const COLOR = {
  anon: '#cf222e',
  shmem: '#bf3989',
  file: '#0969da',
  slabReclaimable: '#54aeff',
  slabUnreclaimable: '#8250df',
  pageTables: '#bc4c00',
  hugepages: '#953800',
  other: '#8c959f',
  free: '#2da44e',
  swapUsed: '#d4a72c',
  ok: '#2da44e',
  warn: '#d4a72c',
  bad: '#cf222e',
  task: '#57606a',
  victim: '#cf222e',
  tracker: '#0969da',
  /** The total that hit a limit (a cgroup's usage, a process' resident memory). */
  total: '#1264a3',
  marker: '#1f2328',
  /** The limit that was hit, a dashed line in every chart. */
  limit: '#bc4c00',
} as const;

/**
 * One font list for every chart: Chart Sans (the rasteriser's DejaVu Sans subset, assets/fonts),
 * then DejaVu Sans, then what a browser has.
 */
export const CHART_FONT = 'Chart Sans, DejaVu Sans, Verdana, Arial, sans-serif';
