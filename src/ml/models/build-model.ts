/**
 * The model registry: `model.architecture` -> a TF.js LayersModel taking [batch, frames, n_mels, 1] log-mel
 * features (oww_*: [batch, 16, 96, 1] openWakeWord embeddings) and giving class probabilities
 * [batch, numClasses] (class 1 = wake word).
 */
import type * as tf from '@tensorflow/tfjs';
import type { Architecture, TrainingConfig } from '../../shared/config/schema';
import { buildCrnn } from './crnn';
import { buildDscnn } from './dscnn';
import { type ModelOptions, resolveModelOptions, type ResolvedModelOptions } from './model-options';
import { buildOwwDnn } from './oww-dnn';
import { buildOwwRnn } from './oww-rnn';
import { buildRes8 } from './res8';
import { buildTcResnet8 } from './tc-resnet8';

const BUILDERS: Readonly<Record<Architecture, (options: ResolvedModelOptions) => tf.LayersModel>> = {
  dscnn: buildDscnn,
  res8: buildRes8,
  tc_resnet8: buildTcResnet8,
  crnn: buildCrnn,
  oww_dnn: buildOwwDnn,
  oww_rnn: buildOwwRnn,
};

export const MODEL_ARCHITECTURES = Object.keys(BUILDERS) as readonly Architecture[];

export function buildModel(architecture: Architecture, options: ModelOptions): tf.LayersModel {
  const builder = (BUILDERS as Partial<Record<string, (options: ResolvedModelOptions) => tf.LayersModel>>)[architecture];
  if (!builder) throw new Error(`model.architecture: unknown architecture "${String(architecture)}" (choose one of ${MODEL_ARCHITECTURES.join(', ')})`);
  return builder(resolveModelOptions(options));
}

/** The model a resolved training config describes, for features of `frames` x `nMels`. */
export function buildModelFromConfig(model: TrainingConfig['model'], input: { readonly frames: number; readonly nMels: number }, seed?: number): tf.LayersModel {
  return buildModel(model.architecture, { ...input, seed, dropout: model.dropout, dscnn: model.dscnn, res8: model.res8, tc_resnet8: model.tc_resnet8, crnn: model.crnn, oww: model.oww });
}
