import { useState } from 'react';
import type { RunOperatingPoint } from '../../shared/core/evaluation/operating-point';
import { formatHours } from '../../shared/core/fah';
import { tailThresholdNote } from '../../shared/core/detection/streaming-fah';
import { fixed, percent } from './format';

export type PickMode = 'target-fah' | 'threshold';

export interface OperatingChoice {
  readonly mode: PickMode;
  readonly targetFah: number;
  readonly threshold: number;
  readonly smoothing: number;
  readonly hopSeconds: number;
  readonly refractorySeconds: number;
}

export function initialChoice(saved: RunOperatingPoint, targetFah: number): OperatingChoice {
  return {
    mode: saved.source === 'target-fah' ? 'target-fah' : 'threshold',
    targetFah: saved.targetFah ?? targetFah,
    threshold: saved.threshold,
    smoothing: saved.smoothing,
    hopSeconds: saved.hopSeconds,
    refractorySeconds: saved.refractorySeconds,
  };
}

interface NumberFieldProps {
  readonly label: string;
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly integer?: boolean;
  readonly onChange: (value: number) => void;
  readonly disabled?: boolean;
  /** How a value set from outside (slider, curve click) is written into the box. */
  readonly format?: (value: number) => string;
}

/**
 * A number input that keeps what the user typed and reports only valid values, saying why others are not. A value
 * changed from outside (the slider, a click on a curve) replaces the text, written by `format`.
 */
function NumberField({ label, value, min, max, step, integer = false, onChange, disabled = false, format = String }: NumberFieldProps) {
  const [text, setText] = useState(format(value));
  const [shown, setShown] = useState(value);
  const [problem, setProblem] = useState<string | null>(null);
  if (value !== shown) {
    // Adjusting state during render (React's pattern for props-derived state): no effect, no stale frame.
    setShown(value);
    setText(format(value));
    setProblem(null);
  }
  return (
    <label className="evaluation__field">
      {label}
      <input
        type="number"
        value={text}
        min={min}
        max={max}
        step={step}
        disabled={disabled}
        aria-invalid={problem !== null}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          const x = Number(next);
          if (next.trim() === '' || !Number.isFinite(x) || x < min || x > max || (integer && !Number.isInteger(x))) {
            setProblem(`${label}: ${integer ? 'a whole number' : 'a number'} from ${String(min)} to ${String(max)}`);
            return;
          }
          setProblem(null);
          setShown(x);
          onChange(x);
        }}
      />
      {problem && (
        <span role="alert" className="evaluation__problem">
          {problem}
        </span>
      )}
    </label>
  );
}

/** Why the chosen threshold cannot be trusted: the split's negative hours cannot support the target FA/h. */
export interface UnsupportedTarget {
  readonly split: string;
  /** Hours of general negative audio on the split, and the hours the target needs (fahVerdict). */
  readonly hours: number;
  readonly hoursNeeded: number;
  /** Share of the split's hard negatives the threshold accepts; null without any. */
  readonly hardNegativeFpr: number | null;
  /** When the threshold was extrapolated from the tail of this many false accepts (else null or absent). */
  readonly tailEvents?: number | null;
}

export interface OperatingPointPickerProps {
  readonly choice: OperatingChoice;
  /** Set when the choice is a target FA/h the split's negative audio cannot support. */
  readonly unsupported?: UnsupportedTarget | null;
  /** The threshold the choice resolves to (for a target FA/h: measured on this split). */
  readonly threshold: number;
  readonly saved: RunOperatingPoint;
  readonly saving: boolean;
  readonly saveMessage: string | null;
  readonly onChange: (choice: OperatingChoice) => void;
  readonly onSave: () => void;
}

const SOURCE_TEXT: Readonly<Record<RunOperatingPoint['source'], string>> = {
  'target-fah': 'chosen for a target FA/h',
  threshold: 'set by hand',
  training: "the trainer's choice for the target FA/h on validation",
  default: 'the default 0.5',
};

/** The one rounding of thresholds in the picker: the label, the box and the saved message agree. */
export const formatThreshold = (t: number): string => fixed(t, 4);

/** Which threshold export and detection use right now: the saved operating point, else training's best threshold. */
function inUseText(saved: RunOperatingPoint): string {
  const t = formatThreshold(saved.threshold);
  if (saved.source === 'target-fah' || saved.source === 'threshold') {
    const on = saved.split ? ` on the ${saved.split} split` : '';
    return `Export and detection use the operating point saved with this run: threshold ${t} (${SOURCE_TEXT[saved.source]}${on}).`;
  }
  if (saved.source === 'training') {
    return `No operating point is saved for this run yet: export and detection use training's best threshold, ${t} (${SOURCE_TEXT.training}). Saving one here replaces it.`;
  }
  return `No operating point is saved and training recorded no threshold: export and detection use ${SOURCE_TEXT.default}. Saving one here replaces it.`;
}

export function OperatingPointPicker({ choice, unsupported = null, threshold, saved, saving, saveMessage, onChange, onSave }: OperatingPointPickerProps) {
  const set = (patch: Partial<OperatingChoice>): void => {
    setConfirming(false);
    onChange({ ...choice, ...patch });
  };
  // An unsupported threshold is saved only after a second, explicit "Save anyway".
  const [confirming, setConfirming] = useState(false);
  const requestSave = (): void => {
    if (unsupported) setConfirming(true);
    else onSave();
  };
  return (
    <section aria-labelledby="operating-point-heading" className="card">
      <h3 id="operating-point-heading">Operating point</h3>
      <p className="evaluation__hint" data-testid="operating-point-in-use">
        {inUseText(saved)}
      </p>
      <fieldset className="evaluation__row">
        <legend>Choose the threshold by</legend>
        <label>
          <input type="radio" name="pick-mode" checked={choice.mode === 'target-fah'} onChange={() => set({ mode: 'target-fah' })} /> target false accepts per hour
        </label>
        <label>
          <input type="radio" name="pick-mode" checked={choice.mode === 'threshold'} onChange={() => set({ mode: 'threshold', threshold })} /> threshold
        </label>
      </fieldset>
      <div className="evaluation__row">
        {choice.mode === 'target-fah' ? (
          <NumberField label="Target FA/h" value={choice.targetFah} min={0} max={10000} step={0.1} onChange={(targetFah) => set({ targetFah })} />
        ) : (
          <NumberField label="Threshold" value={choice.threshold} min={0} max={1} step={0.0001} format={formatThreshold} onChange={(t) => set({ threshold: t })} />
        )}
        <output aria-label="Resulting threshold">threshold {formatThreshold(threshold)}</output>
      </div>
      {unsupported && (
        <div role="note" aria-label="Threshold not supported" className="banner banner--warning evaluation__unsupported">
          <strong>
            Threshold {formatThreshold(threshold)} is a guess: this split has too little negative audio to pick a threshold for {String(choice.targetFah)} FA/h.
          </strong>{' '}
          The {unsupported.split} split holds {formatHours(unsupported.hours)} of general negatives; showing {String(choice.targetFah)} FA/h takes at least {formatHours(unsupported.hoursNeeded)}.
          {unsupported.hardNegativeFpr !== null && <> It accepts {percent(unsupported.hardNegativeFpr)} of the hard negatives.</>}
          {typeof unsupported.tailEvents === 'number' && <> {tailThresholdNote({ events: unsupported.tailEvents }, choice.targetFah)}</>} How to get more negative audio: see the metrics below.
        </div>
      )}
      <label className="evaluation__slider">
        <span>Drag to pick the threshold (or click a curve below)</span>
        <input
          type="range"
          aria-label="Threshold slider"
          min={0}
          max={1}
          step={0.001}
          value={threshold}
          onChange={(event) => set({ mode: 'threshold', threshold: Number(event.target.value) })}
        />
      </label>
      <div className="evaluation__row">
        <NumberField label="Smoothing (windows)" value={choice.smoothing} min={1} max={100} step={1} integer onChange={(smoothing) => set({ smoothing })} />
        <NumberField label="Hop (s)" value={choice.hopSeconds} min={0.01} max={10} step={0.01} onChange={(hopSeconds) => set({ hopSeconds })} />
        <NumberField label="Refractory (s)" value={choice.refractorySeconds} min={0} max={60} step={0.1} onChange={(refractorySeconds) => set({ refractorySeconds })} />
        <button type="button" onClick={requestSave} disabled={saving || confirming}>
          Save operating point
        </button>
      </div>
      {confirming && (
        <div role="alertdialog" aria-label="Save an unsupported threshold?" className="banner banner--warning">
          <p>
            Save threshold {formatThreshold(threshold)} anyway? The negative audio cannot show that it meets {String(choice.targetFah)} FA/h, and export and detection will use it.
          </p>
          <button
            type="button"
            onClick={() => {
              setConfirming(false);
              onSave();
            }}
          >
            Save anyway
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      {saveMessage && <p role="status">{saveMessage}</p>}
    </section>
  );
}
