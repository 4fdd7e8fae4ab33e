/** Types of format-bytes.js for the TypeScript side (its test); the browser loads the .js. */
export function formatBytes(bytes: number | null): string;
