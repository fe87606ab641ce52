import { useEffect, useId, useRef } from 'react';

/**
 * An in-panel question with a confirm and a Cancel button (window.confirm blocks Electron's renderer and
 * cannot be driven from component tests). Focus moves to Cancel, the safe choice, and goes back to where it
 * was when the prompt closes; Escape cancels.
 */
export function ConfirmPrompt({
  question,
  detail,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  readonly question: string;
  readonly detail?: string;
  readonly confirmLabel: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}) {
  const questionId = useId();
  const detailId = useId();
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const previous = document.activeElement;
    cancel.current?.focus();
    return () => {
      if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
    };
  }, []);
  return (
    <div
      role="alertdialog"
      aria-labelledby={questionId}
      aria-describedby={detail ? detailId : undefined}
      className="config-confirm"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <p id={questionId} className="config-confirm__question">
        {question}
      </p>
      {detail && <p id={detailId}>{detail}</p>}
      <div className="config-confirm__actions">
        <button type="button" onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" ref={cancel} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
