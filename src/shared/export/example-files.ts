/**
 * The files written beside an export so it can be used without the app: a dependency-free JavaScript front end
 * (wakeword-features.mjs, the log-mel of wakeword.json), a Node script and a browser page that score a WAV, and
 * for openWakeWord exports a Python and a browser snippet. The front end is a second, independent implementation
 * of the app's; tests check the two agree.
 *
 * The examples are real files in ./examples (type-checked by tsconfig.examples.json, linted by eslint), imported as
 * text; the few per-export values are {{NAME}} placeholders placed where they keep the JavaScript valid (inside
 * strings and comments).
 */
import featuresModule from './examples/wakeword-features.mjs?raw';
import nodeOnnx from './examples/example-node-onnx.mjs?raw';
import nodeTfjs from './examples/example-node-tfjs.mjs?raw';
import browserHtml from './examples/example-browser.html?raw';
import browserOnnx from './examples/example-browser-onnx.mjs?raw';
import browserTfjs from './examples/example-browser-tfjs.mjs?raw';
import owwPython from './examples/example-openwakeword.py?raw';
import owwBrowser from './examples/example-openwakeword-browser.mjs?raw';
import type { ExportFormat } from './wakeword-manifest';

/** Leading lines only the repository's tools read (`// @ts-check`, eslint's `/* global … *\/`): not in the user's copy. */
const TOOL_DIRECTIVE = /^(\/\/ @ts-check|\/\* global [^*]*\*\/)\r?\n/;

function withoutToolDirectives(source: string): string {
  let text = source;
  for (let match = TOOL_DIRECTIVE.exec(text); match; match = TOOL_DIRECTIVE.exec(text)) text = text.slice(match[0].length);
  return text;
}

/** Replaces every {{NAME}} in `template`; a placeholder without a value, or a value no placeholder uses, is a bug here. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  const used = new Set<string>();
  const text = template.replace(/\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`example template placeholder {{${name}}} has no value`);
    used.add(name);
    return value;
  });
  const unused = Object.keys(values).filter((name) => !used.has(name));
  if (unused.length > 0) throw new Error(`example template has no placeholder for ${unused.join(', ')}`);
  return text;
}

export const FEATURES_MODULE = withoutToolDirectives(featuresModule);

/** The npm package example-node.mjs imports for an export of `format` (its only dependency besides Node). */
export function exampleNodePackage(format: ExportFormat): string {
  return format === 'onnx' ? 'onnxruntime-node' : '@tensorflow/tfjs';
}

/** File name -> contents of the example files for an export of `format`. */
export function exampleFiles(format: ExportFormat): Readonly<Record<string, string>> {
  const onnx = format === 'onnx';
  return {
    'wakeword-features.mjs': FEATURES_MODULE,
    'example-node.mjs': withoutToolDirectives(onnx ? nodeOnnx : nodeTfjs),
    'example-browser.html': fillTemplate(browserHtml, {
      PACKAGE: onnx ? 'onnxruntime-web' : '@tensorflow/tfjs',
      SCRIPT: onnx ? './node_modules/onnxruntime-web/dist/ort.min.js' : './node_modules/@tensorflow/tfjs/dist/tf.min.js',
    }),
    'example-browser.js': withoutToolDirectives(onnx ? browserOnnx : browserTfjs),
  };
}

/** The snippets beside an openWakeWord export: `modelFile` is the <name>.onnx written, `threshold` the operating point. */
export function owwExampleFiles(modelFile: string, threshold: number): { readonly python: string; readonly browser: string } {
  const values = { MODEL_FILE: modelFile, THRESHOLD: threshold.toFixed(4) };
  return {
    python: fillTemplate(owwPython, values),
    browser: fillTemplate(withoutToolDirectives(owwBrowser), { ...values, MODEL_NAME: modelFile.replace(/\.onnx$/, '') }),
  };
}
