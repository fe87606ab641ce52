import { useCallback, useEffect, useState } from 'react';
import type { DatasetCategory } from '../../shared/core/dataset/categories';
import { unsupportedReason } from '../../shared/core/dataset/import/import-names';
import { UPLOAD_CHUNK_BYTES, type ImportedFile, type ImportProgress, type ImportResult, type SkippedFile } from '../../shared/core/dataset/import/import-types';
import type { WakewordApi } from '../../shared/contract/api';
import { useApi } from '../app/api-context';
import { readBlob, toBase64, type PickedFile } from './dropped-files';
import { errorMessage } from './format';

export interface ImportState {
  readonly busy: boolean;
  readonly progress: ImportProgress | null;
  readonly result: ImportResult | null;
  readonly error: string | null;
}

/** What the Dataset panel hands over after a drop: desktop paths need the File objects, uploads the walked files. */
export interface ImportRequest {
  readonly category: DatasetCategory;
  /** The dropped (or chosen) File objects themselves: on the desktop each resolves to a path, folders included. */
  readonly topLevel: readonly File[];
  /** Browser: every file with its relative name (folders already walked). Resolved lazily: walking can take a moment. */
  readonly walk: () => Promise<readonly PickedFile[]>;
}

async function uploadOne(api: WakewordApi, category: DatasetCategory, picked: PickedFile): Promise<ImportedFile | SkippedFile> {
  const uploadId = crypto.randomUUID();
  const size = picked.file.size;
  let offset = 0;
  for (;;) {
    const end = Math.min(size, offset + UPLOAD_CHUNK_BYTES);
    const bytes = new Uint8Array(await readBlob(picked.file.slice(offset, end)));
    const result = await api.invoke('dataset:import-upload', { uploadId, category, name: picked.name, size, offset, data: toBase64(bytes), last: end >= size });
    if (result.status === 'saved' || result.status === 'skipped') return result.file;
    offset = result.received;
    if (offset >= size) return { source: picked.name, reason: 'the upload ended early' };
  }
}

/**
 * Import by drag-and-drop. The desktop app copies by path in main (fast, no bytes through the page);
 * a browser uploads each file's bytes in chunks over the contract. Either way the caller rescans afterwards.
 */
export function useImport(onImported: () => void): [ImportState, (request: ImportRequest) => void, () => void] {
  const api = useApi();
  const [state, setState] = useState<ImportState>({ busy: false, progress: null, result: null, error: null });

  useEffect(() => api.on('dataset:import-progress', (progress) => setState((s) => (s.busy ? { ...s, progress } : s))), [api]);

  const start = useCallback(
    (request: ImportRequest) => {
      const { category } = request;
      setState({ busy: true, progress: null, result: null, error: null });
      const run = async (): Promise<ImportResult> => {
        const pathForFile = api.pathForFile;
        if (api.host === 'electron' && pathForFile) {
          const paths = request.topLevel.map((file) => pathForFile(file)).filter((p) => p !== '');
          if (paths.length === 0) return { category, imported: [], skipped: request.topLevel.map((file) => ({ source: file.name, reason: 'not a file on this computer' })) };
          return api.invoke('dataset:import-paths', { category, paths });
        }
        const files = await request.walk();
        const imported: ImportedFile[] = [];
        const skipped: SkippedFile[] = [];
        for (let i = 0; i < files.length; i++) {
          const picked = files[i] as PickedFile;
          setState((s) => ({ ...s, progress: { category, done: i, total: files.length, current: picked.name } }));
          // Files the service would refuse by name are not uploaded at all.
          const unsupported = unsupportedReason(picked.name);
          const outcome = unsupported ? { source: picked.name, reason: unsupported } : await uploadOne(api, category, picked);
          if ('savedAs' in outcome) imported.push(outcome);
          else skipped.push(outcome);
        }
        return { category, imported, skipped };
      };
      run().then(
        (result) => {
          setState({ busy: false, progress: null, result, error: null });
          if (result.imported.length > 0) onImported();
        },
        (error: unknown) => setState({ busy: false, progress: null, result: null, error: errorMessage(error) }),
      );
    },
    [api, onImported],
  );

  const dismissError = useCallback(() => setState((s) => ({ ...s, error: null })), []);
  return [state, start, dismissError];
}
