import { useId, useState } from 'react';
import { describeAllowed, type FieldSpec } from '../../shared/config/fields';
import type { ConfigIssue } from '../../shared/config/validate';
import type { FieldLabel } from './form-layout';

interface ConfigFieldProps {
  readonly spec: FieldSpec;
  readonly label: FieldLabel;
  readonly value: unknown;
  readonly issues: readonly ConfigIssue[];
  readonly changed: boolean;
  readonly onChange: (path: string, value: unknown) => void;
}

/** Text the user typed that is not a number is kept as text, so validation can say what was wrong with it. */
function toValue(text: string): unknown {
  const trimmed = text.trim();
  const number = trimmed === '' ? Number.NaN : Number(trimmed);
  return Number.isFinite(number) ? number : text;
}

function NumberInput({ id, value, describedBy, invalid, onChange }: {
  readonly id: string;
  readonly value: unknown;
  readonly describedBy: string;
  readonly invalid: boolean;
  readonly onChange: (value: unknown) => void;
}) {
  const [typed, setText] = useState(value === undefined ? '' : String(value));
  // Show what is being typed while it still means the current value ("0." stays "0."); an outside change
  // (preset reset, load) shows at once, in the same render, rather than one effect later.
  const text = Object.is(toValue(typed), value) ? typed : value === undefined ? '' : String(value);
  return (
    <input
      id={id}
      type="text"
      inputMode="decimal"
      value={text}
      aria-invalid={invalid}
      aria-describedby={describedBy}
      onChange={(event) => {
        setText(event.target.value);
        onChange(toValue(event.target.value));
      }}
    />
  );
}

/** One config field: the right input for its kind, its range as a hint, its errors and warnings beside it. */
export function ConfigField({ spec, label, value, issues, changed, onChange }: ConfigFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errors = issues.filter((issue) => issue.severity === 'error');
  const warnings = issues.filter((issue) => issue.severity === 'warning');
  const set = (next: unknown): void => onChange(spec.path, next);
  const hint = spec.kind === 'int' || spec.kind === 'number' ? describeAllowed(spec) : null;
  let input;
  if (spec.kind === 'boolean') {
    input = <input id={id} type="checkbox" checked={value === true} aria-describedby={hintId} onChange={(event) => set(event.target.checked)} />;
  } else if (spec.kind === 'enum') {
    input = (
      <select id={id} value={typeof value === 'string' ? value : ''} aria-invalid={errors.length > 0} aria-describedby={hintId} onChange={(event) => set(event.target.value)}>
        {(spec.options ?? []).map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  } else {
    input = <NumberInput id={id} value={value} describedBy={hintId} invalid={errors.length > 0} onChange={set} />;
  }
  return (
    <div className={`config-field${changed ? ' config-field--changed' : ''}`} data-path={spec.path}>
      <label htmlFor={id}>
        {label.label}
        {label.unit ? <span className="config-field__unit"> ({label.unit})</span> : null}
      </label>
      {input}
      <div id={hintId} className="config-field__notes">
        {hint && <span className="config-field__hint">{hint}</span>}
        {errors.map((issue) => (
          <span key={issue.message} className="config-field__error">
            {issue.message}
          </span>
        ))}
        {warnings.map((issue) => (
          <span key={issue.message} className="config-field__warning">
            {issue.message}
          </span>
        ))}
      </div>
    </div>
  );
}
