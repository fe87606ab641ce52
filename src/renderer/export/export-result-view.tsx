import type { ExportResult } from '../../shared/contract/export-contract';
import type { ExportFormat } from '../../shared/export/wakeword-manifest';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;

/** The name a user knows each format by, for the result's title. */
export const FORMAT_TITLES: Readonly<Record<ExportFormat, string>> = {
  onnx: 'ONNX',
  tfjs: 'TensorFlow.js',
  oww: 'an openWakeWord model (ONNX)',
};

/** Where the exported threshold came from (the run's operating point: saved in Evaluation, else training's). */
const THRESHOLD_SOURCES: Readonly<Record<string, string>> = {
  'target-fah': 'the operating point saved in Evaluation, chosen for a target FA/h',
  threshold: 'the operating point saved in Evaluation, set by hand',
  training: "training's best threshold: no operating point was saved in Evaluation",
  default: 'the default: no operating point was saved and training recorded none',
};

/** What an export produced: where, how big, how faithful, and how to use it. */
export function ExportResultView({ result }: { readonly result: ExportResult }) {
  const { sizes, parity, int8 } = result;
  return (
    <section className="export__result" aria-label="Export result">
      <h3>
        Exported {result.runId} as {FORMAT_TITLES[result.format]}
      </h3>
      {result.warnings.length > 0 && (
        <div className="export__warnings" role="note" aria-label="Export warnings">
          <strong>Check before you ship:</strong>
          <ul>
            {result.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      )}
      <dl className="export__facts">
        <dt>Folder</dt>
        <dd data-testid="export-folder">{result.outDir}</dd>
        <dt>Size</dt>
        <dd data-testid="export-size">
          {formatBytes(sizes.sourceBytes)} (TF.js in the run) → {formatBytes(sizes.modelBytes)}
          {sizes.int8Bytes !== null && `, INT8 ${formatBytes(sizes.int8Bytes)}`}
        </dd>
        {parity && (
          <>
            <dt>Check against TF.js</dt>
            <dd data-testid="export-parity">
              max abs diff {parity.maxAbsDiff.toExponential(2)} on {parity.clips > 0 ? `${parity.clips} ${parity.split} clips` : 'random inputs'} (allowed {parity.tolerance}) —{' '}
              {parity.maxAbsDiff <= parity.tolerance ? 'passed' : 'failed'}
            </dd>
          </>
        )}
        {int8 && (
          <>
            <dt>INT8 weights</dt>
            <dd data-testid="export-int8">
              accuracy {pct(int8.accuracyFloat)} → {pct(int8.accuracyInt8)}; {int8.changedDecisions} of {int8.clips} decisions changed; max abs diff {int8.maxAbsDiff.toExponential(2)}
            </dd>
          </>
        )}
        <dt>Threshold</dt>
        <dd data-testid="export-threshold">
          {result.threshold.toFixed(4)} ({THRESHOLD_SOURCES[result.thresholdSource] ?? result.thresholdSource})
        </dd>
        <dt>Took</dt>
        <dd>{result.seconds.toFixed(1)} s</dd>
      </dl>
      <h4>Files</h4>
      <ul className="export__files" aria-label="Exported files">
        {result.files.map((file) => (
          <li key={file.name}>
            <code>{file.name}</code> {formatBytes(file.bytes)}
          </li>
        ))}
      </ul>
      {result.examples.map((example) => (
        <section key={example.file} className="export__example" aria-label={`${example.runtime} example`}>
          <h4>
            {example.runtime} example (<code>{example.file}</code>)
          </h4>
          {/* Long lines scroll inside the box rather than widening the panel. */}
          <pre className="export__snippet" tabIndex={0}>
            {example.code}
          </pre>
        </section>
      ))}
    </section>
  );
}
