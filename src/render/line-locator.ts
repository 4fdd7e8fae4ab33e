/** Where a quoted line is: `kern.log:118` when its input has a name, else `line 118`. */
export function evidenceLocation(ev: { file: string | null; line: number }): string {
  return ev.file !== null ? `${ev.file}:${ev.line}` : `line ${ev.line}`;
}
