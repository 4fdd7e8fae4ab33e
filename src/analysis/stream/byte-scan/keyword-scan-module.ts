/**
 * An instance of keyword-scan.wat, and the copy of the caller's bytes it scans. Each line driver
 * makes its own (no instance is shared, so two analyses never see each other's window).
 *
 * WebAssembly reads only its own memory, so a stretch of the input (a window of up to
 * WINDOW_BYTES) is copied in; the copy is reused by every scan and count inside that stretch. The
 * copy is only valid while the caller's bytes stay as they were: its owner calls `releaseWindow()`
 * before changing them (the line driver does, after each chunk).
 */
import { KEYWORD_SCAN_WASM_BASE64 } from './keyword-scan-wasm.js';
import { FINGERPRINT_BYTES } from './plan-fingerprints.js';

/** The part of the WebAssembly API used here (the project's lib settings do not declare it). */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

interface WasmGlobal {
  value: unknown;
}

interface KeywordScanExports {
  memory: { buffer: ArrayBuffer };
  TABLES: WasmGlobal;
  CANDIDATES: WasmGlobal;
  WINDOW: WasmGlobal;
  WINDOW_BYTES: WasmGlobal;
  WINDOW_PAD: WasmGlobal;
  scan(start: number, end: number): number;
  count_newlines(start: number, end: number): number;
}

export interface KeywordScanModule {
  scan(start: number, end: number): number;
  countNewlines(start: number, end: number): number;
  /** Candidate positions written by the last `scan` (memory offsets). */
  readonly candidates: Uint32Array;
  /** Memory offset of the window's first byte. */
  readonly windowAt: number;
  /** The tables last written (compared by identity, so each plan is written once per switch). */
  useTables(tables: Uint8Array): void;
  /** Data and range whose fingerprint positions the window holds; `data` null when none. */
  readonly window: { data: Uint8Array | null; start: number; end: number };
  /** Copies data from `at` into the window: up to WINDOW_BYTES positions, and the bytes their fingerprints reach. */
  loadWindow(data: Uint8Array, at: number, maxBytes: number): void;
  /** Forgets the copied bytes: the next scan copies again. */
  releaseWindow(): void;
}

/**
 * The compiled code, shared: a compiled WebAssembly.Module is immutable (every instance gets its own
 * memory), so caching it holds no state between analyses; null where SIMD is not available.
 */
let compiled: { wasm: WebAssemblyApi; module: object } | null | undefined;

function compile(): { wasm: WebAssemblyApi; module: object } | null {
  if (compiled === undefined) {
    const wasm = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
    const bytes = Buffer.from(KEYWORD_SCAN_WASM_BASE64, 'base64');
    try {
      // Validation fails where the engine lacks SIMD.
      compiled = wasm !== undefined && wasm.validate(bytes) ? { wasm, module: new wasm.Module(bytes) } : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** A new instance with its own window, or null where WebAssembly SIMD is not available (the scalar search is used then). */
export function createKeywordScanModule(): KeywordScanModule | null {
  const code = compile();
  if (code === null) return null;
  try {
    return instantiate(new code.wasm.Instance(code.module).exports as KeywordScanExports);
  } catch {
    return null;
  }
}

function instantiate(exports: KeywordScanExports): KeywordScanModule {
  const memory = new Uint8Array(exports.memory.buffer);
  const tablesAt = exports.TABLES.value as number;
  const windowAt = exports.WINDOW.value as number;
  const windowBytes = exports.WINDOW_BYTES.value as number;
  const pad = exports.WINDOW_PAD.value as number;
  let tablesInUse: Uint8Array | null = null;
  const window = { data: null as Uint8Array | null, start: 0, end: 0 };
  return {
    scan: exports.scan,
    countNewlines: exports.count_newlines,
    candidates: new Uint32Array(exports.memory.buffer, exports.CANDIDATES.value as number, 16),
    windowAt,
    window,
    useTables(tables) {
      if (tables === tablesInUse) return;
      memory.set(tables, tablesAt);
      tablesInUse = tables;
    },
    loadWindow(data, at, maxBytes) {
      const positions = Math.min(windowBytes, maxBytes, data.length - at);
      const copied = Math.min(positions + FINGERPRINT_BYTES - 1, data.length - at);
      memory.set(data.subarray(at, at + copied), windowAt);
      memory.fill(0, windowAt + copied, windowAt + positions + pad);
      window.data = data;
      window.start = at;
      window.end = at + positions;
    },
    releaseWindow() {
      window.data = null;
    },
  };
}
