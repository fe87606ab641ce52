import { useEffect, useId, useState } from 'react';
import type { RunSummary } from '../../shared/run-meta';
import { useApi } from '../app/api-context';
import { FixInButton } from './fix-in-button';
import { errorMessage } from '../../shared/error-message';

/** Continue a past run from one of its checkpoints (same folder, same config, next epoch). */
export function ResumeCheckpoint({ runs, enabled, initialRun }: { readonly runs: readonly RunSummary[]; readonly enabled: boolean; readonly initialRun?: string }) {
  const api = useApi();
  const runId = useId();
  const checkpointId = useId();
  const [run, setRun] = useState(initialRun ?? '');
  const [checkpoints, setCheckpoints] = useState<readonly string[] | null>(null);
  const [checkpoint, setCheckpoint] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ text: string; fixIn: 'dataset' | 'configuration' | null } | null>(null);

  useEffect(() => {
    if (!run) return;
    let mounted = true;
    api.invoke('training:run', { id: run }).then(
      (detail) => {
        if (!mounted) return;
        setCheckpoints(detail.checkpoints);
        // '' asks for the newest checkpoint that verifies (the trainer says if it passed a damaged one).
        setCheckpoint('');
      },
      (error: unknown) => mounted && setNotice({ text: errorMessage(error), fixIn: null }),
    );
    return () => {
      mounted = false;
    };
  }, [api, run]);

  const chooseRun = (id: string): void => {
    setNotice(null);
    setCheckpoints(null);
    setCheckpoint('');
    setRun(id);
  };

  const resume = async (): Promise<void> => {
    setBusy(true);
    setNotice(null);
    try {
      const result = await api.invoke('training:resume-run', { id: run, ...(checkpoint ? { checkpoint } : {}) });
      if (!result.started) setNotice({ text: result.reason, fixIn: result.fixIn });
    } catch (error) {
      setNotice({ text: errorMessage(error), fixIn: null });
    } finally {
      setBusy(false);
    }
  };

  const noCheckpoints = checkpoints !== null && checkpoints.length === 0;
  return (
    <div className="resume-checkpoint" role="group" aria-label="Resume from checkpoint">
      <label htmlFor={runId}>Run</label>
      <select id={runId} value={run} onChange={(event) => chooseRun(event.target.value)}>
        <option value="">Choose a run…</option>
        {runs.map((summary) => (
          <option key={summary.id} value={summary.id}>
            {summary.meta.name === summary.id ? summary.id : `${summary.meta.name} (${summary.id})`} — {summary.meta.status}
          </option>
        ))}
      </select>
      <label htmlFor={checkpointId}>Checkpoint</label>
      <select id={checkpointId} value={checkpoint} disabled={!checkpoints || noCheckpoints} onChange={(event) => setCheckpoint(event.target.value)}>
        {noCheckpoints ? <option value="">no checkpoints</option> : <option value="">newest intact</option>}
        {(checkpoints ?? []).map((name) => (
          <option key={name} value={name}>
            {name.replace(/^epoch-0*/, 'epoch ')}
          </option>
        ))}
      </select>
      <button type="button" className="training-button" disabled={!enabled || busy || !run || !checkpoints || noCheckpoints} onClick={() => void resume()}>
        Resume from checkpoint
      </button>
      {notice && (
        <div role="alert" className="banner training-alert">
          {notice.text} {notice.fixIn && <FixInButton panel={notice.fixIn} />}
        </div>
      )}
    </div>
  );
}
