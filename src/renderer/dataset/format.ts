/** Number formatting shared by the Dataset panel's tables. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export { formatDuration } from '../../shared/core/dataset/format-duration';

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
