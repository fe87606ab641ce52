import { useEffect, useRef, useState } from 'react';
import { createPauseStopper, levelDb, peakOf, roomLevelDb, trimSilence, type PauseStopper } from '../../shared/core/audio/trim-silence';
import {
  CLIPPING_PEAK,
  LEVEL_HINT_TEXT,
  MAX_TAKE_SECONDS,
  levelHint,
  recordedFolder,
  type LevelHint,
  type RecordCategory,
} from '../../shared/core/dataset/recording/recording-types';
import { useApi } from '../app/api-context';
import { ErrorNotice } from '../app/error-notice';
import { toBase64 } from './dropped-files';
import { errorMessage } from './format';
import { useRecorderIo, type OpenMicrophone, type Playback } from './record-audio';

const DEFAULT_TAKES = 20;
const MAX_SESSION_TAKES = 500;
/** The meter's scale: below this is shown as nothing. */
const METER_FLOOR_DB = -60;

export interface Take {
  readonly path: string;
  readonly category: RecordCategory;
  readonly durationSeconds: number;
  readonly peak: number;
  readonly hint: LevelHint;
  /** The trimmed take at the capture rate, for playback. */
  readonly samples: Float32Array;
  readonly sampleRate: number;
}

type Phase = { readonly kind: 'idle' } | { readonly kind: 'countdown'; readonly left: number } | { readonly kind: 'recording' } | { readonly kind: 'saving' };

interface Level {
  readonly db: number;
  readonly peak: number;
}

/** 16-bit little-endian PCM, as `dataset:save-recording` takes it. */
function pcm16Base64(samples: Float32Array): string {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i] as number));
    view.setInt16(i * 2, Math.round(s < 0 ? s * 32768 : s * 32767), true);
  }
  return toBase64(bytes);
}

function concat(blocks: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const block of blocks) {
    out.set(block, at);
    at += block.length;
  }
  return out;
}

const fileName = (relative: string): string => relative.slice(relative.lastIndexOf('/') + 1);

export interface RecordSectionProps {
  readonly canRecord: boolean;
  /** The workspace's wake phrase when known (from its synthesised samples). */
  readonly defaultPhrase: string | null;
  /** A take was saved or deleted: the scan is out of date. */
  readonly onChanged: () => void;
  /** Seconds of "get ready" before each take (the microphone is already open, measuring the room). */
  readonly countdownSeconds?: number;
}

/**
 * Record your own voice: a guided session of takes, each trimmed to the speech (plus padding) and saved
 * as 16 kHz WAV in data/raw/<positive|negative>/recorded/, where training weights them up.
 */
export function RecordSection({ canRecord, defaultPhrase, onChanged, countdownSeconds = 3 }: RecordSectionProps) {
  const api = useApi();
  const io = useRecorderIo();
  const [category, setCategory] = useState<RecordCategory>('positive');
  const [phrase, setPhrase] = useState(defaultPhrase ?? '');
  const [phraseEdited, setPhraseEdited] = useState(false);
  const [target, setTarget] = useState(String(DEFAULT_TAKES));
  const [autoStop, setAutoStop] = useState(true);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [level, setLevel] = useState<Level | null>(null);
  const [clipped, setClipped] = useState(false);
  const [takes, setTakes] = useState<readonly Take[]>([]);
  const [playing, setPlaying] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const mic = useRef<OpenMicrophone | null>(null);
  const phaseRef = useRef<Phase['kind']>('idle');
  const blocks = useRef<Float32Array[]>([]);
  const captured = useRef(0);
  const room = useRef<number[]>([]);
  const stopper = useRef<PauseStopper | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const playback = useRef<Playback | null>(null);
  const categoryRef = useRef(category);
  categoryRef.current = category;
  const autoStopRef = useRef(autoStop);
  autoStopRef.current = autoStop;

  useEffect(() => {
    if (!phraseEdited && defaultPhrase) setPhrase(defaultPhrase);
  }, [defaultPhrase, phraseEdited]);

  const enter = (next: Phase): void => {
    phaseRef.current = next.kind;
    setPhase(next);
  };

  const closeMic = (): void => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    mic.current?.close();
    mic.current = null;
    setLevel(null);
  };

  const finish = async (): Promise<void> => {
    if (phaseRef.current !== 'recording' || !mic.current) return;
    const sampleRate = mic.current.sampleRate;
    closeMic();
    enter({ kind: 'saving' });
    // The last block can run past the limit; the service refuses anything longer.
    const samples = concat(blocks.current).subarray(0, MAX_TAKE_SECONDS * sampleRate);
    blocks.current = [];
    const trimmed = trimSilence(samples, sampleRate);
    if (!trimmed.speech) {
      setError(`Take not saved: ${trimmed.reason}.`);
      enter({ kind: 'idle' });
      return;
    }
    const takeCategory = categoryRef.current;
    try {
      const saved = await api.invoke('dataset:save-recording', { category: takeCategory, sampleRate, pcm16: pcm16Base64(trimmed.samples) });
      const take: Take = { ...saved, category: takeCategory, hint: levelHint(trimmed.peak), samples: trimmed.samples, sampleRate };
      setTakes((previous) => [take, ...previous]);
      setNotice(`Saved ${fileName(saved.path)} (${saved.durationSeconds.toFixed(1)} s).`);
      onChanged();
    } catch (e) {
      setError(`Take not saved: ${errorMessage(e)}`);
    }
    enter({ kind: 'idle' });
  };

  const finishRef = useRef(finish);
  finishRef.current = finish;

  const onBlock = (block: Float32Array): void => {
    const peak = peakOf(block);
    const db = levelDb(block);
    setLevel({ db, peak });
    if (phaseRef.current === 'countdown') room.current.push(db);
    if (phaseRef.current !== 'recording' || !mic.current) return;
    if (peak >= CLIPPING_PEAK) setClipped(true);
    blocks.current.push(block);
    captured.current += block.length;
    const full = captured.current >= MAX_TAKE_SECONDS * mic.current.sampleRate;
    const paused = stopper.current?.push(block) === true && autoStopRef.current;
    if (full || paused) void finishRef.current();
  };
  const onBlockRef = useRef(onBlock);
  onBlockRef.current = onBlock;

  const beginRecording = (): void => {
    if (!mic.current) return;
    blocks.current = [];
    captured.current = 0;
    stopper.current = createPauseStopper(mic.current.sampleRate, roomLevelDb(room.current));
    enter({ kind: 'recording' });
  };

  const countdown = (left: number): void => {
    if (left <= 0) {
      beginRecording();
      return;
    }
    enter({ kind: 'countdown', left });
    timer.current = setTimeout(() => countdown(left - 1), 1000);
  };

  const recordTake = async (): Promise<void> => {
    setError(null);
    setNotice(null);
    setClipped(false);
    room.current = [];
    enter({ kind: 'countdown', left: countdownSeconds });
    try {
      mic.current = await io.open((block) => onBlockRef.current(block));
    } catch (e) {
      enter({ kind: 'idle' });
      setError(`Cannot open the microphone: ${errorMessage(e)}`);
      return;
    }
    // Cancelled while the browser was still asking for permission.
    if (phaseRef.current !== 'countdown') {
      closeMic();
      return;
    }
    countdown(countdownSeconds);
  };

  const cancel = (): void => {
    closeMic();
    enter({ kind: 'idle' });
  };

  const play = (take: Take): void => {
    playback.current?.stop();
    let started: Playback;
    try {
      started = io.play(take.samples, take.sampleRate);
    } catch (e) {
      setError(`Cannot play ${fileName(take.path)}: ${errorMessage(e)}`);
      return;
    }
    setPlaying(take.path);
    playback.current = started;
    void started.done.finally(() => {
      if (playback.current === started) {
        playback.current = null;
        setPlaying(null);
      }
    });
  };

  const remove = async (take: Take): Promise<void> => {
    setError(null);
    if (playing === take.path) playback.current?.stop();
    try {
      await api.invoke('dataset:delete-recording', { path: take.path });
      setTakes((previous) => previous.filter((t) => t.path !== take.path));
      setNotice(`Deleted ${fileName(take.path)}.`);
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      mic.current?.close();
      playback.current?.stop();
    },
    [],
  );

  const goal = Number(target);
  const goalProblem = Number.isInteger(goal) && goal >= 1 && goal <= MAX_SESSION_TAKES ? null : `takes must be a whole number from 1 to ${MAX_SESSION_TAKES}`;
  const done = takes.filter((t) => t.category === category).length;
  const busy = phase.kind !== 'idle';
  const spoken = phrase.trim() === '' ? 'the wake phrase' : `“${phrase.trim()}”`;
  const instruction = category === 'positive' ? `Say ${spoken} ${goalProblem ? '' : `${goal} `}times` : `Say anything but ${spoken}: everyday sentences, names, numbers, ${goalProblem ? '' : `${goal} `}times`;
  const meterValue = level ? Math.max(METER_FLOOR_DB, Math.min(0, level.db)) : METER_FLOOR_DB;
  const lastHint = takes[0]?.hint ?? null;

  return (
    <section aria-labelledby="record-heading" className="card">
      <h3 id="record-heading">Record your own voice</h3>
      <p className="dataset__hint">
        Real voices in your room are the strongest thing you can add: a few dozen takes of you (and others) saying the phrase do more than thousands of synthetic clips. Each take is trimmed to the speech and saved as 16 kHz WAV in {recordedFolder(category)}/, and training counts recorded clips more (Configuration → Loss → Recorded-voice weight).
      </p>
      <fieldset className="dataset__row" disabled={busy || !canRecord}>
        <legend>What to record</legend>
        <label>
          <input type="radio" name="record-category" checked={category === 'positive'} onChange={() => setCategory('positive')} /> The wake phrase
        </label>
        <label>
          <input type="radio" name="record-category" checked={category === 'negative'} onChange={() => setCategory('negative')} /> Anything else (not the wake phrase)
        </label>
      </fieldset>
      <div className="dataset__row">
        <label className="dataset__grow">
          Phrase to say
          <input
            type="text"
            value={phrase}
            disabled={busy}
            placeholder="hey nova"
            onChange={(event) => {
              setPhrase(event.target.value);
              setPhraseEdited(true);
            }}
          />
        </label>
        <label>
          Takes in this session
          <input type="number" min={1} max={MAX_SESSION_TAKES} value={target} disabled={busy} onChange={(event) => setTarget(event.target.value)} aria-invalid={goalProblem !== null} />
        </label>
        <label>
          <input type="checkbox" checked={autoStop} onChange={(event) => setAutoStop(event.target.checked)} /> Stop after a pause
        </label>
      </div>
      {goalProblem && <p role="alert">{goalProblem}</p>}
      <p className="dataset__record-instruction">
        <strong>{instruction}</strong>
        <span role="status" aria-label="Session progress">
          {' '}
          {done} of {goalProblem ? '?' : goal} done{!goalProblem && done >= goal ? ': session complete. Record more, or switch what you record.' : ''}
        </span>
      </p>
      <div className="dataset__row">
        {/* One button whose action follows the phase, so keyboard focus stays on it: Space records, stops, records the next. */}
        <button
          type="button"
          disabled={!canRecord}
          aria-disabled={phase.kind === 'saving'}
          onClick={() => {
            if (phase.kind === 'idle') void recordTake();
            else if (phase.kind === 'countdown') cancel();
            else if (phase.kind === 'recording') void finish();
          }}
        >
          {phase.kind === 'countdown' ? 'Cancel' : phase.kind === 'recording' ? 'Stop' : 'Record take'}
        </button>
        <meter aria-label="Input level" min={METER_FLOOR_DB} max={0} low={-30} high={-3} optimum={-12} value={meterValue} className="dataset__meter" />
        <span role="status" aria-label="Recorder state">
          {phase.kind === 'countdown' && `Get ready… ${phase.left}`}
          {phase.kind === 'recording' && (autoStop ? 'Recording: speak now (stops after a pause)' : 'Recording: speak now, then press Stop')}
          {phase.kind === 'saving' && 'Trimming and saving…'}
          {phase.kind === 'idle' && (canRecord ? 'Ready' : 'Open a workspace to record')}
        </span>
      </div>
      {clipped && phase.kind === 'recording' && <p role="alert">{LEVEL_HINT_TEXT.clipping}</p>}
      {lastHint && phase.kind === 'idle' && <p role="note">{LEVEL_HINT_TEXT[lastHint]}</p>}
      <ErrorNotice text={error} onDismiss={() => setError(null)} />
      <p aria-live="polite" className="visually-hidden">
        {notice}
      </p>
      {takes.length > 0 && (
        <ol aria-label="Takes in this session" className="dataset__takes">
          {takes.map((take) => (
            <li key={take.path}>
              <code>{fileName(take.path)}</code> {take.category === 'positive' ? 'wake phrase' : 'other'}, {take.durationSeconds.toFixed(1)} s, peak {(20 * Math.log10(Math.max(take.peak, 1e-6))).toFixed(0)} dBFS
              {take.hint && <span className="dataset__take-hint"> ({take.hint === 'clipping' ? 'clipping' : 'too quiet'})</span>}{' '}
              <button type="button" aria-label={`${playing === take.path ? 'Stop playing' : 'Play'} ${fileName(take.path)}`} onClick={() => (playing === take.path ? playback.current?.stop() : play(take))}>
                {playing === take.path ? 'Stop playing' : 'Play'}
              </button>{' '}
              <button type="button" aria-label={`Delete ${fileName(take.path)}`} onClick={() => void remove(take)} disabled={busy}>
                Delete
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
