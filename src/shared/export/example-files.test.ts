import { describe, expect, it } from 'vitest';
import { exampleFiles, owwExampleFiles } from './example-files';
import { exampleFiles as legacyExampleFiles, legacyOwwExampleFiles } from './example-files-legacy';

describe('example files read from src/shared/export/examples', () => {
  it('are byte-identical to the template literals they replace, for both log-mel formats', () => {
    for (const format of ['onnx', 'tfjs'] as const) {
      const files = exampleFiles(format);
      const legacy = legacyExampleFiles(format);
      expect(Object.keys(files)).toEqual(Object.keys(legacy));
      for (const name of Object.keys(legacy)) expect(files[name], `${format} ${name}`).toBe(legacy[name]);
    }
  });

  it('are byte-identical to the snippets oww-export.ts assembled, for several names and thresholds', () => {
    for (const [modelFile, threshold] of [['hey_nova.onnx', 0.5], ['ok_computer_v2.onnx', 0.123456], ['custom.onnx', 1]] as const) {
      expect(owwExampleFiles(modelFile, threshold)).toEqual(legacyOwwExampleFiles(modelFile, threshold));
    }
  });
});
