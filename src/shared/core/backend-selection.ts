import type { BackendSelection, BackendStatus } from '../contract/api';
import type { BackendChoice } from '../contract/backend-choices';

/** Order `auto` tries: native TensorFlow (GPU or CPU build), then WebAssembly, then plain JavaScript. */
export const AUTO_ORDER = ['tensorflow', 'wasm', 'cpu'] as const;

/**
 * Resolves a backend choice against what this machine offers, saying why the skipped ones were skipped.
 * An explicit choice that is unavailable falls back the way `auto` would, and says so.
 */
export function selectBackend(choice: BackendChoice, statuses: readonly BackendStatus[]): BackendSelection {
  const byId = new Map(statuses.map((status) => [status.id, status]));
  const skipped: string[] = [];
  if (choice !== 'auto') {
    const wanted = byId.get(choice);
    if (wanted?.available) return { id: choice, reason: `chosen in settings; ${wanted.reason}` };
    skipped.push(`${choice} was chosen but is unavailable: ${wanted?.reason ?? 'unknown backend'}`);
  }
  for (const id of AUTO_ORDER) {
    const status = byId.get(id);
    if (status?.available) {
      const why = skipped.length > 0 ? `; ${skipped.join('; ')}` : '';
      return { id, reason: `${status.reason}${why}` };
    }
    if (status && id !== choice) skipped.push(`${id} skipped: ${status.reason}`);
  }
  // The cpu backend ships with @tensorflow/tfjs, so this is only reached with a broken install.
  return { id: 'cpu', reason: `last resort; ${skipped.join('; ')}` };
}
