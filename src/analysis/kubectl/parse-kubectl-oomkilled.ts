import type { LineConsumer } from '../line-consumer.js';
import type { InputLine } from '../input/input-line.js';
import type { OomEvent } from '../report-schema.js';

/** PLACEHOLDER (owned by the input-formats work): `kubectl describe pod` / pod YAML `OOMKilled` → an OomEvent. */
export function createKubectlParser(_opts: { onEvent(event: OomEvent): void }): LineConsumer & { end(): void } {
  return { keywords: ['OOMKilled'], lookbehindLines: 0, push(_l: InputLine) {}, wantsMore: () => false, end() {} };
}
