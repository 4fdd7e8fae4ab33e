/**
 * Alertmanager's and Grafana's default title, `[FIRING:1] <group label values> (<other common label
 * values>)`, lists label values without their names, sorted by label name. Two things can still be
 * told from it: the alert's name (a CamelCase word, wherever the grouping put it) and a Deployment's
 * pod (its name ends in the ReplicaSet's pod-template hash and a random suffix, both drawn from
 * Kubernetes' own alphabet). Namespace, container and node look like any other value, so they are
 * left unknown.
 */

/** The alert name among the title's values: `KubernetesContainerOomKiller`, `NodeProblemOOMKilling`. */
export function subjectAlertName(rest: string): string | null {
  for (const word of subjectWords(rest)) {
    if (isAlertName(word)) return word;
  }
  return null;
}

/** A Deployment pod's name among the title's values (`api-7d9f8b6c5-x2x9q`). */
export function subjectPod(rest: string): string | null {
  for (const word of subjectWords(rest)) {
    if (isDeploymentPodName(word)) return word;
  }
  return null;
}

/** The subject's guesses in the form family readers hand them on. */
export function subjectShapeGuesses(rest: string): { shapeGuesses?: { pod: string } } {
  const pod = subjectPod(rest);
  return pod === null ? {} : { shapeGuesses: { pod } };
}

function subjectWords(rest: string): string[] {
  return rest
    .split(' ')
    .map((w) => trimEdges(w))
    .filter((w) => w !== '');
}

function trimEdges(w: string): string {
  let a = 0;
  let b = w.length;
  while (a < b && (w[a] === '(' || w[a] === '"')) a++;
  while (b > a && (w[b - 1] === ')' || w[b - 1] === '"' || w[b - 1] === ',')) b--;
  return w.slice(a, b);
}

function isAlertName(w: string): boolean {
  if (w.length < 3 || w.length > 128) return false;
  const first = w.charCodeAt(0);
  if (first < 65 || first > 90) return false;
  let lower = false;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = true;
    else if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95)) return false;
  }
  return lower;
}

/**
 * `k8s.io/apimachinery` `rand.SafeEncodeString` draws from this alphabet (no vowels, no 0/1/3):
 * pod-template hashes and the pod's random suffix use nothing else.
 */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function isDeploymentPodName(w: string): boolean {
  const parts = w.split('-');
  if (parts.length < 3 || w.length > 253) return false;
  const suffix = parts[parts.length - 1]!;
  const hash = parts[parts.length - 2]!;
  const base = parts.slice(0, -2).join('-');
  const safe = (s: string): boolean => [...s].every((c) => SAFE_ALPHABET.includes(c));
  return suffix.length === 5 && safe(suffix) && hash.length >= 6 && hash.length <= 10 && safe(hash) && /^[a-z0-9]/.test(base);
}
