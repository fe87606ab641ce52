/** Which export formats a run supports (by its model's family) and what each is for, in one line each. */
import { ARCHITECTURE_FAMILY, type Architecture, type ModelFamilyId } from '../config/schema';
import type { ExportFormatOption } from '../contract/export-contract';
import type { ExportFormat } from './wakeword-manifest';

const OPTIONS: Readonly<Record<ExportFormat, ExportFormatOption>> = {
  oww: {
    format: 'oww',
    label: 'openWakeWord (ONNX)',
    runsOn: 'Home Assistant (Wyoming openWakeWord), openWakeWord in Python, and its browser/Node ports: a .onnx classifier on openWakeWord’s shared speech embeddings',
  },
  onnx: {
    format: 'onnx',
    label: 'ONNX',
    runsOn: 'onnxruntime in Node, Python, C/C++ or the browser (onnxruntime-web); the INT8 option shrinks it for small devices such as a Raspberry Pi',
  },
  tfjs: {
    format: 'tfjs',
    label: 'TensorFlow.js (layers model)',
    runsOn: 'the browser or Node with TensorFlow.js; tensorflowjs_converter turns it into a Keras model, the usual route to TFLite for phones and microcontrollers',
  },
};

/**
 * The family whose exporter writes each format: oww_* runs take openWakeWord embeddings, so only the oww format
 * describes their input; log-mel runs export as TF.js or ONNX. A Record, so a new format needs an owner.
 */
export const EXPORT_FORMAT_FAMILY: Readonly<Record<ExportFormat, ModelFamilyId>> = { oww: 'oww', onnx: 'log-mel', tfjs: 'log-mel' };

/** The formats a family's runs export as, in the order the Export panel offers them. */
export function familyExportFormats(family: ModelFamilyId): readonly ExportFormatOption[] {
  return Object.values(OPTIONS).filter((option) => EXPORT_FORMAT_FAMILY[option.format] === family);
}

export function exportFormatsFor(architecture: Architecture): readonly ExportFormatOption[] {
  return familyExportFormats(ARCHITECTURE_FAMILY[architecture]);
}
