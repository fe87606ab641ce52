import type { ChartData, ChartOptions } from 'chart.js';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Line } from 'react-chartjs-2';
import type { LiveStreamInfo } from '../../shared/contract/evaluation-contract';
import type { Detection } from '../../shared/core/detection/streaming-detector';
import { resample } from '../../shared/core/audio/resample';
import type { StreamStep } from '../../shared/contract/evaluator-protocol';
import { useApi } from '../app/api-context';
import { registerEvaluationCharts } from './chart-registry';
import { errorMessage } from '../../shared/error-message';

/** Audio goes to the model in ~100 ms chunks. */
const CHUNK_SECONDS = 0.1;
/** The plot shows the last this many seconds. */
const PLOT_SECONDS = 10;

type Point = { x: number; y: number };

interface Capture {
  readonly stop: () => void;
}

/**
 * Opens the microphone at the model's rate (Chromium resamples in the AudioContext; other rates are
 * resampled here) and hands ~100 ms blocks to `onChunk`.
 */
async function openMicrophone(sampleRate: number, onChunk: (samples: Float32Array) => void): Promise<Capture> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
  const context = new AudioContext({ sampleRate });
  const source = context.createMediaStreamSource(stream);
  // ScriptProcessor is deprecated but needs no separate module file, which the strict CSP would have to allow.
  const processor = context.createScriptProcessor(2048, 1, 1);
  const chunkSamples = Math.round(CHUNK_SECONDS * context.sampleRate);
  let pending: number[] = [];
  processor.onaudioprocess = (event) => {
    pending.push(...event.inputBuffer.getChannelData(0));
    while (pending.length >= chunkSamples) {
      const block = Float32Array.from(pending.slice(0, chunkSamples));
      pending = pending.slice(chunkSamples);
      onChunk(context.sampleRate === sampleRate ? block : resample(block, context.sampleRate, sampleRate));
    }
  };
  source.connect(processor);
  processor.connect(context.destination);
  return {
    stop: () => {
      processor.disconnect();
      source.disconnect();
      for (const track of stream.getTracks()) track.stop();
      void context.close();
    },
  };
}

/** Live microphone test: the run's model and detector scoring what the user says, plotted as it happens. */
export function MicTest({ runId }: { readonly runId: string }) {
  const api = useApi();
  const [info, setInfo] = useState<LiveStreamInfo | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [steps, setSteps] = useState<readonly StreamStep[]>([]);
  const [detections, setDetections] = useState<readonly Detection[]>([]);
  const capture = useRef<Capture | null>(null);
  const session = useRef<string | null>(null);

  const stop = (): void => {
    capture.current?.stop();
    capture.current = null;
    if (session.current) void api.invoke('detection:stream-stop', { sessionId: session.current }).catch(() => undefined);
    session.current = null;
    setInfo(null);
  };
  const stopRef = useRef(stop);
  stopRef.current = stop;
  useEffect(() => () => stopRef.current(), []);

  const start = async (): Promise<void> => {
    setStarting(true);
    setError(null);
    setSteps([]);
    setDetections([]);
    try {
      const live = await api.invoke('detection:stream-start', { runId });
      session.current = live.sessionId;
      // Chunks go one at a time, in order; audio that arrives meanwhile waits in the queue.
      let sending = Promise.resolve();
      capture.current = await openMicrophone(live.sampleRate, (samples) => {
        const sessionId = live.sessionId;
        sending = sending.then(async () => {
          if (session.current !== sessionId) return;
          try {
            const result = await api.invoke('detection:stream-chunk', { sessionId, samples: Array.from(samples) });
            if (result.steps.length > 0) setSteps((previous) => [...previous, ...result.steps].filter((s) => s.time >= (result.steps.at(-1)?.time ?? 0) - PLOT_SECONDS));
            if (result.detections.length > 0) setDetections((previous) => [...previous, ...result.detections]);
          } catch (e) {
            setError(errorMessage(e));
            stopRef.current();
          }
        });
      });
      setInfo(live);
    } catch (e) {
      setError(errorMessage(e));
      stop();
    } finally {
      setStarting(false);
    }
  };

  const latest = steps.at(-1) ?? null;
  return (
    <section aria-labelledby="mic-heading" className="card">
      <h3 id="mic-heading">Microphone test</h3>
      <p className="evaluation__hint">Say the wake word and other things: the run&apos;s model scores your voice live, with the saved operating point.</p>
      <div className="evaluation__row">
        {info ? (
          <button type="button" onClick={stop}>
            Stop microphone test
          </button>
        ) : (
          <button type="button" onClick={() => void start()} disabled={starting}>
            Start microphone test
          </button>
        )}
        {info && (
          <span role="status">
            Listening (threshold {info.threshold.toFixed(3)}, smoothing {info.smoothing}){latest ? `: score ${latest.smoothed.toFixed(3)}` : ''}
          </span>
        )}
      </div>
      {error && (
        <p role="alert" className="evaluation__problem">
          {error}
        </p>
      )}
      {(info || steps.length > 0) && <LivePlot steps={steps} detections={detections} threshold={info?.threshold ?? null} />}
      {detections.length > 0 && (
        <ol aria-label="Live detections">
          {detections.map((d) => (
            <li key={d.time}>
              Detected at {d.time.toFixed(2)} s (score {d.score.toFixed(3)})
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function LivePlot({ steps, detections, threshold }: { readonly steps: readonly StreamStep[]; readonly detections: readonly Detection[]; readonly threshold: number | null }) {
  registerEvaluationCharts();
  const first = steps[0]?.time ?? 0;
  const data = useMemo((): ChartData<'line', Point[]> => {
    const scores = steps.map((s) => ({ x: s.time, y: s.smoothed }));
    return {
      datasets: [
        { label: 'Smoothed score', data: scores, borderColor: '#1f77b4', pointRadius: 0, borderWidth: 2 },
        ...(threshold === null ? [] : [{ label: 'Threshold', data: scores.length > 0 ? [{ x: first, y: threshold }, { x: scores.at(-1)?.x ?? first, y: threshold }] : [], borderColor: '#888', borderDash: [4, 4], pointRadius: 0, borderWidth: 1 }]),
        { label: 'Detections', data: detections.filter((d) => d.time >= first).map((d) => ({ x: d.time, y: d.score })), borderColor: '#d62728', backgroundColor: '#d62728', pointRadius: 6, showLine: false },
      ],
    };
  }, [steps, detections, threshold, first]);
  const options = useMemo(
    (): ChartOptions<'line'> => ({
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      parsing: false,
      scales: { x: { type: 'linear', title: { display: true, text: 'Seconds' } }, y: { type: 'linear', min: 0, max: 1, title: { display: true, text: 'Score' } } },
    }),
    [],
  );
  return (
    <div className="evaluation__canvas" role="img" aria-label={`Live score, ${String(steps.length)} windows, ${String(detections.length)} detections`}>
      <Line data={data} options={options} />
    </div>
  );
}
