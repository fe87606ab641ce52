/** Number formatting shared by the Dataset panel's tables. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export { formatDuration } from '../../shared/core/dataset/format-duration';

export { errorMessage } from '../../shared/error-message';
