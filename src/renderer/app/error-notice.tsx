/**
 * A failure shown where it happened, in the words of the error (never the request name: the hosts keep that
 * for logs), announced to screen readers and dismissible; nothing when there is none.
 */
export function ErrorNotice({ text, onDismiss }: { readonly text: string | null; readonly onDismiss: () => void }) {
  if (!text) return null;
  return (
    // The alert is the message alone, so a screen reader announces just the words (the icon is drawn by CSS).
    <div className="error-notice">
      <p role="alert" className="error-notice__text">
        {text}
      </p>
      <button type="button" className="error-notice__dismiss" aria-label="Dismiss this message" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
