import { useCallback, useEffect, useState } from 'react';
import type { WakewordApi } from '../../shared/contract/api';
import { UPLOAD_CHUNK_BYTES } from '../../shared/core/dataset/import/import-types';
import type { EvaluationProgress, RecordingScores, RecordingUploadResult, ScoredRecording } from '../../shared/contract/evaluation-contract';
import { useApi } from '../app/api-context';
import { readBlob, toBase64 } from '../dataset/dropped-files';

export interface RecordingEntry {
  /** The path the service knows it by (an upload's place in the workspace, or a desktop path). */
  readonly file: string;
  /** What the user calls it: the dropped or chosen file's name. */
  readonly name: string;
  readonly result: ScoredRecording;
  /** The threshold its detections were found at. */
  readonly threshold: number;
  /** Browser uploads play from the File the page already holds, not a round trip. */
  readonly local: File | null;
}

export interface RecordingsState {
  readonly busy: boolean;
  readonly progress: EvaluationProgress | null;
  readonly entries: readonly RecordingEntry[];
  /** The settings the listed results were scored with. */
  readonly scoredWith: Omit<RecordingScores, 'files' | 'runId'> | null;
  /** Files refused before scoring (upload problems) and request failures, each naming its file. */
  readonly problems: readonly string[];
  readonly add: (files: readonly File[]) => void;
  readonly pick: () => void;
  readonly rescore: () => void;
  readonly clear: () => void;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const baseName = (file: string): string => file.split(/[/\\]/).pop() ?? file;

async function uploadOne(api: WakewordApi, file: File): Promise<RecordingUploadResult> {
  const uploadId = crypto.randomUUID();
  let offset = 0;
  for (;;) {
    const end = Math.min(file.size, offset + UPLOAD_CHUNK_BYTES);
    const bytes = new Uint8Array(await readBlob(file.slice(offset, end)));
    const result = await api.invoke('evaluation:upload', { uploadId, name: file.name, size: file.size, offset, data: toBase64(bytes), last: end >= file.size });
    if (result.status !== 'partial') return result;
    if (result.received <= offset) return { status: 'refused', reason: `${file.name}: the upload stopped at ${String(result.received)} bytes` };
    offset = result.received;
  }
}

/**
 * "Evaluate any recording": files chosen in the desktop's dialog or dropped (scored where they are), or
 * uploaded from a browser into the workspace, then scored by the run's streaming detector. The results of
 * earlier batches stay listed; a file scored again replaces its row.
 */
export function useRecordings(runId: string, threshold: number | null): RecordingsState {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<EvaluationProgress | null>(null);
  const [entries, setEntries] = useState<readonly RecordingEntry[]>([]);
  const [scoredWith, setScoredWith] = useState<RecordingsState['scoredWith']>(null);
  const [problems, setProblems] = useState<readonly string[]>([]);

  useEffect(() => api.on('evaluation:progress', (p) => (p.job === 'score-files' && p.runId === runId ? setProgress(p) : undefined)), [api, runId]);

  const score = useCallback(
    async (files: readonly { readonly file: string; readonly name: string; readonly local: File | null }[]): Promise<void> => {
      if (files.length === 0) return;
      const result = await api.invoke('evaluation:score-files', { runId, files: files.map((f) => f.file), ...(threshold === null ? {} : { threshold }) });
      const { files: scored, runId: _run, ...settings } = result;
      setScoredWith(settings);
      const fresh = scored.map((entry, index): RecordingEntry => {
        const source = files[index];
        return { file: entry.file, name: source?.name ?? baseName(entry.file), result: entry, threshold: result.threshold, local: source?.local ?? null };
      });
      setEntries((previous) => [...fresh, ...previous.filter((old) => !fresh.some((f) => f.file === old.file))]);
    },
    [api, runId, threshold],
  );

  const run = useCallback(
    (work: () => Promise<void>) => {
      setBusy(true);
      setProgress(null);
      setProblems([]);
      work()
        .catch((error: unknown) => setProblems((previous) => [...previous, message(error)]))
        .finally(() => setBusy(false));
    },
    [],
  );

  const add = useCallback(
    (dropped: readonly File[]) => {
      if (dropped.length === 0) return;
      run(async () => {
        const pathForFile = api.pathForFile;
        if (api.host === 'electron' && pathForFile) {
          // The desktop scores files where they are: no copy, no bytes through the page.
          const paths = dropped.map((file) => ({ file: pathForFile(file), name: file.name, local: null }));
          const unknown = paths.filter((p) => p.file === '');
          if (unknown.length > 0) setProblems(unknown.map((p) => `${p.name}: not a file on this computer`));
          return score(paths.filter((p) => p.file !== ''));
        }
        const uploaded: { file: string; name: string; local: File }[] = [];
        for (const [index, file] of dropped.entries()) {
          setProgress({ runId, job: 'score-files', done: index, total: dropped.length, detail: `Uploading ${file.name} (${String(index + 1)}/${String(dropped.length)})` });
          const outcome = await uploadOne(api, file).catch((error: unknown): RecordingUploadResult => ({ status: 'refused', reason: message(error) }));
          if (outcome.status === 'saved') uploaded.push({ file: outcome.file, name: file.name, local: file });
          else if (outcome.status === 'refused') setProblems((previous) => [...previous, outcome.reason]);
        }
        return score(uploaded);
      });
    },
    [api, run, runId, score],
  );

  const pick = useCallback(() => {
    run(async () => {
      const paths = await api.invoke('evaluation:pick-files');
      return score(paths.map((file) => ({ file, name: baseName(file), local: null })));
    });
  }, [api, run, score]);

  const rescore = useCallback(() => {
    run(() => score(entries.map((entry) => ({ file: entry.file, name: entry.name, local: entry.local }))));
  }, [entries, run, score]);

  const clear = useCallback(() => {
    setEntries([]);
    setScoredWith(null);
    setProblems([]);
  }, []);

  return { busy, progress, entries, scoredWith, problems, add, pick, rescore, clear };
}
