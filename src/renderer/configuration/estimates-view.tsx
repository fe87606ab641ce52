import { formatBytes, formatDuration, type ConfigEstimate } from '../../shared/config/estimate';

const count = (n: number): string => n.toLocaleString('en-US');

/** Parameters and size are exact for the architecture; memory and time are rough guides. */
export function EstimatesView({ estimate }: { readonly estimate: ConfigEstimate | null }) {
  return (
    <section aria-labelledby="estimates-heading" className="card config-estimates">
      <h3 id="estimates-heading">Estimates</h3>
      {estimate === null ? (
        <p>Fix the errors in the form to see estimates.</p>
      ) : (
        <dl>
          <dt>Parameters</dt>
          <dd data-testid="estimate-params">{count(estimate.model.totalParams)}</dd>
          <dt>Model size</dt>
          <dd data-testid="estimate-size">
            {formatBytes(estimate.sizeBytesFloat32)} float32 · {formatBytes(estimate.sizeBytesInt8)} int8
          </dd>
          <dt>Input</dt>
          <dd>
            {estimate.model.input[0]} frames × {estimate.model.input[1]} mel bins; {count(estimate.macsPerClip)} multiply-adds per clip
          </dd>
          <dt>Memory per batch</dt>
          <dd data-testid="estimate-memory">≈ {formatBytes(estimate.batchMemoryBytes)}</dd>
          <dt>Time per epoch</dt>
          <dd data-testid="estimate-time">
            ≈ {formatDuration(estimate.epoch.seconds)} on {estimate.epoch.backend} for {count(estimate.epoch.trainClips)} training clips
            {estimate.epoch.assumedClips ? ' (assumed: scan a dataset for its real size)' : ''}, {estimate.epoch.steps} steps
            {estimate.preparation ? ' (each clip with its augmented copies)' : ''}
          </dd>
          {estimate.preparation && (
            <>
              <dt>Embedding (first run)</dt>
              <dd data-testid="estimate-preparation">
                ≈ {formatDuration(estimate.preparation.seconds)} to embed {count(estimate.preparation.examples)} clips and copies with openWakeWord&apos;s backbone; later runs on the same
                data read the cache
              </dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}
