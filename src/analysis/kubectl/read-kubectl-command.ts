/**
 * The command line people paste above the output: `$ kubectl describe pod -n ns name`,
 * `kubectl -n ns describe pods`, `oc describe pod name -n ns`, `kubectl get pod name -n ns -o yaml`.
 * Gives the pod's name and namespace when the output itself was cut before `Name:`.
 */
const VERB = new Set(['describe', 'get']);
const POD_RESOURCE = new Set(['pod', 'pods', 'po']);

export interface PodFromCommand {
  name: string | null;
  namespace: string | null;
}

export function readKubectlCommand(body: string): PodFromCommand | null {
  const words = body.slice(0, 400).trim().split(/\s+/);
  const at = words.findIndex((w) => w === 'kubectl' || w === 'oc' || w.endsWith('/kubectl'));
  if (at === -1) return null;
  const tokens = words.slice(at + 1);
  let namespace: string | null = null;
  let verb: string | null = null;
  let resource = false;
  let name: string | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === '-n' || t === '--namespace') namespace = tokens[++i] ?? null;
    else if (t.startsWith('--namespace=')) namespace = t.slice('--namespace='.length);
    else if (t === '-o' || t === '-c' || t === '-l' || t === '--context') i++;
    else if (t.startsWith('-') || t === '|') continue;
    else if (verb === null && VERB.has(t)) verb = t;
    else if (verb !== null && !resource && POD_RESOURCE.has(t)) resource = true;
    else if (verb !== null && resource && name === null && /^[a-z0-9][-a-z0-9.]*$/.test(t)) name = t;
    else if (verb !== null && !resource && t.startsWith('pod/')) {
      resource = true;
      name = t.slice(4);
    }
  }
  return verb !== null && resource ? { name, namespace } : null;
}
