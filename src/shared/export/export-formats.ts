/** Which export formats a run supports (by its model's input) and what each is for, in one line each. */
import { isOwwArchitecture, type Architecture } from '../config/schema';
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

/** oww_* runs take openWakeWord embeddings, so only the oww format describes their input; log-mel runs export as TF.js or ONNX. */
export function exportFormatsFor(architecture: Architecture): readonly ExportFormatOption[] {
  return isOwwArchitecture(architecture) ? [OPTIONS.oww] : [OPTIONS.onnx, OPTIONS.tfjs];
}
