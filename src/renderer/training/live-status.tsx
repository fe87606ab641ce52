import type { GpuSnapshot } from '../../shared/gpu';
import { statusView, type Fraction } from '../../shared/core/training-view/status-view';
import { isActive, type TrainingStatus } from '../../shared/training-status';

function ProgressBar({ label, value, text }: { readonly label: string; readonly value: Fraction; readonly text: string }) {
  const percent = value.total > 0 ? Math.min(100, (100 * value.done) / value.total) : 0;
  return (
    <div className="training-progress">
      <div className="training-progress__label">
        <span>{label}</span>
        <span>{text}</span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={value.total}
        aria-valuenow={Math.round(value.done * 100) / 100}
        aria-valuetext={text}
        className="training-progress__track"
      >
        <div className="training-progress__fill" style={{ width: `${percent.toFixed(1)}%` }} />
      </div>
    </div>
  );
}

/** State, progress and the latest figures of the current run. */
export function LiveStatus({ status, gpu }: { readonly status: TrainingStatus; readonly gpu: GpuSnapshot | null }) {
  const view = statusView(status, gpu);
  return (
    <section aria-label="Training status" className="card live-status">
      <div className={`live-status__state live-status__state--${status.state}`} role="status" aria-live="polite">
        <strong data-testid="training-state" title={view.stateDetail}>
          {view.stateLabel}
        </strong>
        {status.phase && isActive(status.state) && <span className="training-muted"> · {status.phase}</span>}
        {/* Time left only means something while a run runs; afterwards say how long it took (or nothing). */}
        {isActive(status.state) ? (
          <span className="live-status__eta">
            Time left <strong data-testid="training-eta">{view.eta}</strong>
          </span>
        ) : (
          view.took && (
            <span className="live-status__eta">
              Epochs took <strong data-testid="training-took">{view.took}</strong>
            </span>
          )
        )}
      </div>
      {status.error && (
        <p role="alert" className="banner training-alert">
          {status.error}
        </p>
      )}
      {status.preparation && !status.batch && isActive(status.state) && (
        <ProgressBar
          label="Preparation progress"
          value={{ done: status.preparation.done, total: status.preparation.total }}
          text={`${status.preparation.detail}${status.preparation.etaSeconds === null ? '' : ` · about ${view.eta} left`}`}
        />
      )}
      {view.epoch && <ProgressBar label="Epoch progress" value={view.epoch} text={`Epoch ${view.items.find((i) => i.id === 'epoch')?.value ?? ''}`} />}
      {view.batch && <ProgressBar label="Batch progress" value={view.batch} text={`Batch ${String(view.batch.done)}/${String(view.batch.total)}`} />}
      <dl className="live-status__grid">
        {view.items
          .filter((item) => item.id !== 'state' && item.id !== 'eta')
          .map((item) => (
            <div key={item.id} className="live-status__item" title={item.detail}>
              <dt>{item.label}</dt>
              <dd data-testid={`training-${item.id}`}>{item.value}</dd>
            </div>
          ))}
      </dl>
      {/* The Best model card carries this warning once a model is saved; here only until then, to say it once. */}
      {view.fahWarning && !status.best?.fahWarning && (
        <p role="note" className="banner training-warning" data-testid="training-fah-warning">
          {view.fahWarning}
        </p>
      )}
      {status.backend && (
        <p className="training-muted live-status__backend" data-testid="training-backend-reason">
          Backend {status.backend.id}: {status.backend.reason}
        </p>
      )}
    </section>
  );
}
