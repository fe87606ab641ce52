import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exampleFiles, fillTemplate, owwExampleFiles } from '../../shared/export/example-files';

// Read from disk here, not through ?raw, so the test does not share the exporter's way of loading the files.
const source = (name: string): string => readFileSync(new URL(`../../shared/export/examples/${name}`, import.meta.url), 'utf8');
/** The file as a user gets it: the leading `// @ts-check` and `/* global … *\/` lines are for the repo's tools. */
const shipped = (name: string): string => {
  const lines = source(name).split('\n');
  while (lines[0] === '// @ts-check' || /^\/\* global \w+ \*\/$/.test(lines[0] ?? '')) lines.shift();
  return lines.join('\n');
};

describe('example files written beside an export', () => {
  it('ship each JavaScript file as written, without the lines only the repository tools read', () => {
    const onnx = exampleFiles('onnx');
    const tfjs = exampleFiles('tfjs');
    expect(onnx['wakeword-features.mjs']).toBe(shipped('wakeword-features.mjs'));
    expect(onnx['example-node.mjs']).toBe(shipped('example-node-onnx.mjs'));
    expect(tfjs['example-node.mjs']).toBe(shipped('example-node-tfjs.mjs'));
    expect(onnx['example-browser.js']).toBe(shipped('example-browser-onnx.mjs'));
    expect(tfjs['example-browser.js']).toBe(shipped('example-browser-tfjs.mjs'));
    for (const text of [...Object.values(onnx), ...Object.values(tfjs)]) {
      expect(text).not.toMatch(/@ts-check|\/\* global |\{\{/);
    }
    expect(onnx['example-browser.js']).toMatch(/^\/\/ Scores an audio file picked in the page with the exported ONNX \(onnxruntime-web\) model\.\n/);
  });

  it('load the runtime of the format in the browser page', () => {
    const onnx = exampleFiles('onnx')['example-browser.html'] ?? 'missing';
    const tfjs = exampleFiles('tfjs')['example-browser.html'] ?? 'missing';
    expect(onnx).toContain('npm install onnxruntime-web -->');
    expect(onnx).toContain('<script src="./node_modules/onnxruntime-web/dist/ort.min.js"></script>');
    expect(tfjs).toContain('npm install @tensorflow/tfjs -->');
    expect(tfjs).toContain('<script src="./node_modules/@tensorflow/tfjs/dist/tf.min.js"></script>');
    expect(onnx.replace('onnxruntime-web -->', 'X -->').replace('./node_modules/onnxruntime-web/dist/ort.min.js', 'Y')).toBe(
      source('example-browser.html').replace('{{PACKAGE}}', 'X').replace('{{SCRIPT}}', 'Y'),
    );
  });

  it('put the model file, its name and the threshold (4 decimals) into the openWakeWord snippets', () => {
    const { python, browser } = owwExampleFiles('hey_nova.onnx', 0.123456);
    expect(python).toBe(
      [
        'from openwakeword.model import Model',
        'model = Model(wakeword_models=["hey_nova.onnx"], inference_framework="onnx")',
        '# feed 16 kHz int16 audio in 80 ms frames (1280 samples); detect when the score >= 0.1235',
        'scores = model.predict(frame)',
        '',
      ].join('\n'),
    );
    expect(browser).toBe(
      shipped('example-openwakeword-browser.mjs').replace('{{MODEL_FILE}}', 'hey_nova.onnx').replace('{{MODEL_NAME}}', 'hey_nova').replace('{{THRESHOLD}}', '0.1235'),
    );
    expect(browser).toContain("wakewordModels: ['hey_nova.onnx']");
    expect(browser).toContain("detect when scores['hey_nova'] >= 0.1235\n");
    expect(owwExampleFiles('x.onnx', 1).python).toContain('>= 1.0000');
  });

  it('refuse a template placeholder without a value and a value without a placeholder', () => {
    expect(fillTemplate('a {{X}} b {{X}}', { X: '$&1' })).toBe('a $&1 b $&1');
    expect(() => fillTemplate('a {{X}} {{Y}}', { X: '1' })).toThrow('placeholder {{Y}} has no value');
    expect(() => fillTemplate('a {{X}}', { X: '1', Z: '2' })).toThrow('no placeholder for Z');
  });
});
