/**
 * Kubernetes resource quantities (k8s.io/apimachinery `resource.Quantity`): `512Mi`, `1Gi`, `1.5Gi`,
 * `500M`, `129e6`, `134217728` (bytes), quoted in YAML as `"512Mi"` / `'256Mi'`. `K` is not valid
 * Kubernetes syntax but people write it; it is read as the decimal `k`.
 */
const QUANTITY = /^(\d{1,20}(?:\.\d{0,20})?|\.\d{1,20})(Ki|Mi|Gi|Ti|Pi|Ei|[kKMGTPEm]|[eE][+-]?\d{1,3})?$/;

const BINARY: Readonly<Record<string, number>> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Readonly<Record<string, number>> = { k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, m: 1e-3 };

/** The quantity in bytes, or null when the text is not a quantity. */
export function parseK8sQuantity(text: string): number | null {
  const m = QUANTITY.exec(text.trim().replace(/^(["'])(.*)\1$/, '$2'));
  if (m === null) return null;
  const value = Number(m[1]);
  const suffix = m[2];
  if (suffix === undefined) return value;
  const factor = BINARY[suffix] ?? DECIMAL[suffix] ?? 10 ** Number(suffix.slice(1));
  return value * factor;
}

/** Bytes as the shortest exact Kubernetes binary quantity (`536870912` → `512Mi`, `1610612736` → `1536Mi`). */
export function formatK8sQuantity(bytes: number): string {
  for (const [unit, size] of [['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(Math.ceil(bytes));
}
