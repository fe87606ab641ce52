/**
 * wakeword.json: what a deployment needs beside an exported model to compute the very features the model was
 * trained on and to turn its scores into detections. Everything is spelled out (no "defaults as in torchaudio"),
 * so a port to another language can be checked field by field.
 */
import { toFrontEndConfig } from '../config/front-end';
import type { Architecture, TrainingConfig } from '../config/schema';
import type { CmvnStats } from '../core/audio/cmvn';
import { type FrontEndConfig, centeredFrameCount } from '../core/audio/front-end-config';
import type { DetectionSettings } from '../core/evaluation/operating-point';
import type { FahEstimate } from '../core/fah';

export const WAKEWORD_MANIFEST_FORMAT = 'wakeword-studio-export';
export const WAKEWORD_MANIFEST_VERSION = 1;
/** applyCmvn's floor on the standard deviation (src/shared/core/audio/cmvn.ts). */
export const CMVN_MIN_STD = 1e-5;
/** 'oww': an openWakeWord classifier (oww_* runs only), written by src/ml/export/oww-export.ts. */
export const EXPORT_FORMATS = ['tfjs', 'onnx', 'oww'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ManifestFrontEnd {
  readonly type: 'log-mel';
  readonly sampleRate: number;
  readonly clipSeconds: number;
  readonly clipSamples: number;
  /** Frames per clip with centre padding: 1 + floor((clipSamples + 2*floor(nFft/2) - nFft) / hopLength). */
  readonly frames: number;
  readonly nFft: number;
  readonly winLength: number;
  readonly hopLength: number;
  readonly nMels: number;
  readonly fMin: number;
  readonly fMax: number;
  readonly power: 2;
  readonly center: true;
  readonly padMode: 'reflect';
  readonly window: 'hann-periodic';
  readonly melScale: 'htk';
  readonly melNorm: null;
  readonly logFloor: 1e-10;
  readonly log: '10*log10(max(power, 1e-10))';
  readonly layout: 'row-major [frames, n_mels]';
  readonly reference: string;
}

export interface ManifestCmvn {
  readonly formula: '(x - mean[m]) / max(std[m], 1e-5)';
  readonly minStd: number;
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly frames: number;
}

export interface ManifestModelFile {
  readonly file: string;
  readonly bytes: number;
  /** 'float32', or 'int8-weights' (per-channel symmetric INT8 weights, DequantizeLinear in the graph). */
  readonly weights: 'float32' | 'int8-weights';
}

export interface WakewordManifest {
  readonly format: typeof WAKEWORD_MANIFEST_FORMAT;
  readonly formatVersion: number;
  readonly model: {
    readonly format: ExportFormat;
    /** model.json for TF.js (tf.loadLayersModel), model.onnx for ONNX. */
    readonly file: string;
    readonly files: readonly ManifestModelFile[];
    readonly architecture: Architecture;
    readonly inputName: string;
    readonly outputName: string;
    /** [batch, frames, n_mels, 1]; null = any batch size. */
    readonly inputShape: readonly (number | null)[];
    readonly outputShape: readonly (number | null)[];
    /** Softmax output order; the wake-word probability is output[wakewordIndex]. */
    readonly classes: readonly string[];
    readonly wakewordIndex: number;
  };
  readonly frontEnd: ManifestFrontEnd;
  readonly cmvn: ManifestCmvn | null;
  readonly clip: {
    /** How a clip longer or shorter than clipSeconds is fitted before features (evaluation uses the same). */
    readonly fit: 'centre crop or zero-pad to clipSamples';
  };
  readonly detection: DetectionSettings & {
    readonly threshold: number;
    /** Where the threshold came from: a saved operating point, the trainer's choice for the target FAH, or 0.5. */
    readonly thresholdSource: string;
    readonly targetFah: number | null;
    /** The false accepts per hour the threshold rests on: count, hours of negatives, rate and 95 % bound (null when unknown). */
    readonly fahEstimate: FahEstimate | null;
    readonly windowSeconds: number;
  };
  readonly provenance: {
    readonly runId: string;
    readonly runName: string | null;
    readonly runCreatedAt: string | null;
    readonly bestEpoch: number | null;
    readonly datasetHash: string | null;
    readonly app: string;
    readonly appVersion: string;
    readonly exportedAt: string;
  };
}

export interface ManifestInputs {
  readonly config: TrainingConfig;
  readonly cmvn: CmvnStats | null;
  readonly format: ExportFormat;
  readonly file: string;
  readonly files: readonly ManifestModelFile[];
  readonly inputName: string;
  readonly outputName: string;
  readonly inputShape: readonly (number | null)[];
  readonly outputShape: readonly (number | null)[];
  readonly operatingPoint: DetectionSettings & { readonly threshold: number; readonly source: string; readonly targetFah: number | null; readonly fahEstimate?: FahEstimate | null };
  readonly provenance: WakewordManifest['provenance'];
}

export function buildWakewordManifest(inputs: ManifestInputs): WakewordManifest {
  const frontEnd = toFrontEndConfig(inputs.config);
  const clipSamples = Math.round(frontEnd.clipSeconds * frontEnd.sampleRate);
  const { threshold, source, targetFah, smoothing, hopSeconds, refractorySeconds } = inputs.operatingPoint;
  return {
    format: WAKEWORD_MANIFEST_FORMAT,
    formatVersion: WAKEWORD_MANIFEST_VERSION,
    model: {
      format: inputs.format,
      file: inputs.file,
      files: inputs.files,
      architecture: inputs.config.model.architecture,
      inputName: inputs.inputName,
      outputName: inputs.outputName,
      inputShape: inputs.inputShape,
      outputShape: inputs.outputShape,
      classes: ['other', 'wakeword'],
      wakewordIndex: 1,
    },
    frontEnd: {
      type: 'log-mel',
      sampleRate: frontEnd.sampleRate,
      clipSeconds: frontEnd.clipSeconds,
      clipSamples,
      frames: centeredFrameCount(clipSamples, frontEnd.nFft, frontEnd.hopLength),
      nFft: frontEnd.nFft,
      winLength: frontEnd.winLength,
      hopLength: frontEnd.hopLength,
      nMels: frontEnd.nMels,
      fMin: frontEnd.fMin,
      fMax: frontEnd.fMax,
      power: 2,
      center: true,
      padMode: 'reflect',
      window: 'hann-periodic',
      melScale: 'htk',
      melNorm: null,
      logFloor: 1e-10,
      log: '10*log10(max(power, 1e-10))',
      layout: 'row-major [frames, n_mels]',
      reference:
        `torchaudio.transforms.MelSpectrogram(sample_rate=${frontEnd.sampleRate}, n_fft=${frontEnd.nFft}, win_length=${frontEnd.winLength}, ` +
        `hop_length=${frontEnd.hopLength}, f_min=${frontEnd.fMin}, f_max=${frontEnd.fMax}, n_mels=${frontEnd.nMels}, power=2.0, center=True, ` +
        `pad_mode='reflect', norm=None, mel_scale='htk', window_fn=torch.hann_window) then 10*log10(clamp(x, min=1e-10))`,
    },
    cmvn: inputs.cmvn
      ? { formula: '(x - mean[m]) / max(std[m], 1e-5)', minStd: CMVN_MIN_STD, mean: [...inputs.cmvn.mean], std: [...inputs.cmvn.std], frames: inputs.cmvn.frames }
      : null,
    clip: { fit: 'centre crop or zero-pad to clipSamples' },
    detection: { threshold, thresholdSource: source, targetFah, fahEstimate: inputs.operatingPoint.fahEstimate ?? null, smoothing, hopSeconds, refractorySeconds, windowSeconds: frontEnd.clipSeconds },
    provenance: inputs.provenance,
  };
}

/** The app's front-end definition read back from a manifest (what a deployment would build its extractor from). */
export function frontEndFromManifest(manifest: Pick<WakewordManifest, 'frontEnd'>): FrontEndConfig {
  const f = manifest.frontEnd;
  return { sampleRate: f.sampleRate, nFft: f.nFft, winLength: f.winLength, hopLength: f.hopLength, nMels: f.nMels, fMin: f.fMin, fMax: f.fMax, clipSeconds: f.clipSeconds };
}
