/**
 * Log text printed to a terminal must not drive it: an ESC or CSI byte in a pasted log could
 * recolour, move the cursor or retitle the window. C0/C1 control characters (except tab) become
 * U+FFFD; tabs become a space so columns stay aligned.
 */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

export function terminalSafe(text: string): string {
  return text.replace(CONTROL, '\uFFFD').replace(/\t/g, ' ');
}
