/**
 * Offline validation of Kubernetes objects against the API's own schemas, in two passes:
 *
 * 1. `kubernetes-models` (and `@kubernetes-models/keda` for KEDA's CRDs): validators compiled with
 *    ajv from the Kubernetes OpenAPI spec — required fields, types, enums and formats (`quantity`,
 *    `int32`, `int-or-string`…).
 * 2. Those validators accept fields the schema does not know (the OpenAPI schemas allow them;
 *    the API server drops them, kubectl's strict validation refuses them). The same packages ship
 *    TypeScript interfaces generated from the same spec, so every object is also type-checked as
 *    an object literal of its interface: TypeScript's excess-property check names any misspelled
 *    or unknown field, at any depth, and repeats the required-field and type checks.
 *
 * An apiVersion/kind with no model is a problem too: a misspelled kind never passes unseen.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export interface ManifestObject {
  /** Where it came from, for messages: a file or `kubectl kustomize <dir>`. */
  source: string;
  object: unknown;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Parsed .d.ts files (TypeScript's lib, kubernetes-models), shared by every check in one test run. */
const parsedDeclarations = new Map<string, ts.SourceFile>();

/** The module of a kind's model: `kubernetes-models/apps/v1/Deployment`, `@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject`. */
export function modelModule(apiVersion: string, kind: string): string {
  const pkg = apiVersion.startsWith('keda.sh/') ? '@kubernetes-models/keda' : 'kubernetes-models';
  return `${pkg}/${apiVersion}/${kind}`;
}

/** Every problem found, as `<source> <kind>/<name>: <message>`; empty when all objects are valid. */
export async function validateManifests(items: ManifestObject[]): Promise<string[]> {
  const problems: string[] = [];
  const typed: Array<{ item: ManifestObject; module: string; kind: string }> = [];
  for (const item of items) {
    const label = labelOf(item);
    const { apiVersion, kind } = typeMeta(item.object);
    if (!apiVersion || !kind) {
      problems.push(`${label}: no apiVersion/kind`);
      continue;
    }
    const module = modelModule(apiVersion, kind);
    let Model: unknown;
    try {
      Model = ((await import(module)) as Record<string, unknown>)[kind];
    } catch {
      Model = undefined;
    }
    if (typeof Model !== 'function') {
      problems.push(`${label}: no schema for apiVersion ${apiVersion} kind ${kind} (misspelled, or an API Kubernetes no longer serves)`);
      continue;
    }
    try {
      const instance = new (Model as new (data: unknown) => { validate(): void })(item.object);
      instance.validate();
    } catch (err) {
      problems.push(`${label}: ${err instanceof Error ? err.message : String(err)}`);
    }
    typed.push({ item, module, kind });
  }
  problems.push(...typeCheck(typed));
  return problems;
}

/** Pass 2: one virtual TypeScript file, one annotated constant per object. */
function typeCheck(items: Array<{ item: ManifestObject; module: string; kind: string }>): string[] {
  if (items.length === 0) return [];
  const fileName = join(ROOT, 'test', 'deploy', '__manifests__.ts');
  const lines: string[] = [];
  const startLine: number[] = [];
  items.forEach(({ module, kind }, i) => lines.push(`import type { I${kind} as T${i} } from ${JSON.stringify(module)};`));
  items.forEach(({ item }, i) => {
    startLine.push(lines.length);
    lines.push(...`export const o${i}: T${i} = ${JSON.stringify(item.object, null, 2)};`.split('\n'));
  });
  const source = lines.join('\n');
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2022.d.ts'],
    baseUrl: ROOT,
  };
  const host = ts.createCompilerHost(options, true);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (f) => f === fileName || ts.sys.fileExists(f);
  host.readFile = (f) => (f === fileName ? source : readFile(f));
  host.getSourceFile = (f, language, onError, shouldCreate) => {
    if (f === fileName) return ts.createSourceFile(f, source, language, true);
    // The library and model declarations never change during a run: parse them once.
    let parsed = parsedDeclarations.get(f);
    if (!parsed) {
      parsed = getSourceFile(f, language, onError, shouldCreate);
      if (parsed) parsedDeclarations.set(f, parsed);
    }
    return parsed;
  };
  const program = ts.createProgram([fileName], options, host);
  const diagnostics = [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()];
  return diagnostics.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n  ');
    if (!d.file || d.start === undefined) return `type check: ${message}`;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    let index = -1;
    for (let i = 0; i < startLine.length; i++) if (startLine[i]! <= line) index = i;
    if (index < 0) return `type check (imports): ${message}`;
    const entry = items[index]!;
    const path = fieldPath(lines, startLine[index]!, line);
    return `${labelOf(entry.item)}: ${path ? `at ${path}: ` : ''}${message}`;
  });
}

/** The JSON path of a line in the pretty-printed object, from its indentation: `spec.template.spec.containers[0]`. */
function fieldPath(lines: string[], first: number, line: number): string {
  const keys: string[] = [];
  let indent = Infinity;
  for (let i = line; i > first; i--) {
    const text = lines[i]!;
    const depth = text.length - text.trimStart().length;
    if (depth >= indent) continue;
    indent = depth;
    const key = /^\s*"([^"]+)":/.exec(text)?.[1];
    keys.unshift(key ?? '[]');
  }
  return keys.join('.').replace(/\.\[\]/g, '[]');
}

function typeMeta(object: unknown): { apiVersion: string | null; kind: string | null; name: string | null } {
  if (!object || typeof object !== 'object') return { apiVersion: null, kind: null, name: null };
  const o = object as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } };
  return {
    apiVersion: typeof o.apiVersion === 'string' ? o.apiVersion : null,
    kind: typeof o.kind === 'string' ? o.kind : null,
    name: typeof o.metadata?.name === 'string' ? o.metadata.name : null,
  };
}

function labelOf(item: ManifestObject): string {
  const { kind, name } = typeMeta(item.object);
  return `${item.source} ${kind ?? '?'}/${name ?? '?'}`;
}

/** For tests of the validator itself: the package versions the schemas come from. */
export function schemaVersions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const version = (name: string) => (require(`${name}/package.json`) as { version: string }).version;
  return { 'kubernetes-models': version('kubernetes-models'), '@kubernetes-models/keda': version('@kubernetes-models/keda') };
}
