import { useLayoutEffect, useRef, useState } from 'react';
import { formatClock } from '../../shared/core/training-view/format';
import type { LogLine } from '../../shared/training-status';
import { downloadText } from './download';
import { errorMessage } from '../../shared/error-message';

/** How close to the bottom (px) still counts as "at the bottom": sub-pixel scroll positions are common. */
const BOTTOM_SLACK = 16;

/** Stable keys (time + message, numbered when repeated) so trimming the oldest line does not re-render all. */
function lineKeys(lines: readonly LogLine[]): string[] {
  const seen = new Map<string, number>();
  return lines.map((line) => {
    const base = `${line.time}|${line.message}`;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}#${String(count)}`;
  });
}

function logText(lines: readonly LogLine[]): string {
  return lines.map((line) => `${line.time} ${line.level.toUpperCase().padEnd(5)} ${line.message}`).join('\n') + (lines.length > 0 ? '\n' : '');
}

/**
 * The trainer's log, newest at the bottom. It follows new lines while the user is at the bottom and
 * holds still once they scroll up to read; scrolling back down (or "Jump to latest") follows again.
 */
export function LogConsole({ lines, fileBase }: { readonly lines: readonly LogLine[]; readonly fileBase: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(true);
  const [notice, setNotice] = useState<string | null>(null);
  const keys = lineKeys(lines);

  useLayoutEffect(() => {
    const element = ref.current;
    if (element && follow) element.scrollTop = element.scrollHeight;
  }, [lines, follow]);

  const onScroll = (): void => {
    const element = ref.current;
    if (!element) return;
    setFollow(element.scrollHeight - element.scrollTop - element.clientHeight <= BOTTOM_SLACK);
  };

  const copy = (): void => {
    navigator.clipboard.writeText(logText(lines)).then(
      () => setNotice(`Copied ${String(lines.length)} lines.`),
      (error: unknown) => setNotice(`Could not copy the log: ${errorMessage(error)}`),
    );
  };

  return (
    <section aria-label="Log" className="card log-console">
      <div className="training-card-header">
        <h3>Log</h3>
        <span className="log-console__tools">
          {!follow && (
            <button type="button" className="training-button training-button--small" onClick={() => setFollow(true)}>
              Jump to latest
            </button>
          )}
          <button type="button" className="training-button training-button--small" onClick={copy} disabled={lines.length === 0}>
            Copy log
          </button>
          <button type="button" className="training-button training-button--small" onClick={() => downloadText(`${fileBase}-log.txt`, logText(lines), 'text/plain')} disabled={lines.length === 0}>
            Save log
          </button>
        </span>
      </div>
      <div ref={ref} role="log" aria-label="Training log" tabIndex={0} className="log-console__lines" onScroll={onScroll} data-following={follow}>
        {lines.length === 0 && <p className="training-muted">No log lines yet.</p>}
        {lines.map((line, index) => (
          <div key={keys[index]} className={`log-line log-line--${line.level}`}>
            <time dateTime={line.time} className="log-line__time">
              {formatClock(line.time)}
            </time>
            <span className="log-line__message">{line.message}</span>
          </div>
        ))}
      </div>
      {notice && (
        <p role="status" className="training-muted">
          {notice}
        </p>
      )}
    </section>
  );
}
