import { useState } from 'react';
import type { RunOperatingPoint } from '../../shared/core/evaluation/operating-point';
import { fixed } from './format';

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

export interface OperatingPointPickerProps {
  readonly choice: OperatingChoice;
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

export function OperatingPointPicker({ choice, threshold, saved, saving, saveMessage, onChange, onSave }: OperatingPointPickerProps) {
  const set = (patch: Partial<OperatingChoice>): void => onChange({ ...choice, ...patch });
  return (
    <section aria-labelledby="operating-point-heading" className="card">
      <h3 id="operating-point-heading">Operating point</h3>
      <p className="evaluation__hint">
        Saved with the run: threshold {formatThreshold(saved.threshold)} ({SOURCE_TEXT[saved.source]}). Detection and export use the saved point.
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
        <button type="button" onClick={onSave} disabled={saving}>
          Save operating point
        </button>
      </div>
      {saveMessage && <p role="status">{saveMessage}</p>}
    </section>
  );
}
