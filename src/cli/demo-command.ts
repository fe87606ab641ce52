/** `wakeword demo --out DIR`: a ready-to-train "hey nova" workspace spoken by every installed engine, with generated noise. */
import { SPLIT_NAMES } from '../shared/core/dataset/categories';
import { createDemoWorkspace } from '../node/dataset/synth/demo-workspace';
import { cliCommand } from './invocation';
import type { CliIo } from './cli-io';
import { asCliErrors } from './scan-command';
import { configuredSplitRatios } from './split-command';
import { progressPrinter } from './synth-progress';
import { chosenVoices, type VoiceOptions } from './voice-options';

export interface DemoCommandOptions extends VoiceOptions {
  readonly out: string;
  readonly json?: boolean;
}

export async function runDemo(options: DemoCommandOptions, io: CliIo): Promise<void> {
  const { catalog, voices } = await chosenVoices(options);
  // Split as `wakeword split` and the app would: with the configuration's shares for that folder.
  const { ratios } = await configuredSplitRatios(options.out, io);
  const result = await asCliErrors(() => createDemoWorkspace({ folder: options.out, catalog, voices, ratios, onProgress: progressPrinter(io, options.json === true) }));
  if (options.json) {
    io.out(JSON.stringify({ workspace: result.workspace.path, counts: result.counts, splits: result.split.counts, ratios: result.split.ratios, seconds: Number((result.durationMs / 1000).toFixed(1)) }));
    return;
  }
  const c = result.counts;
  io.out(`Created the demo workspace ${result.workspace.path} in ${(result.durationMs / 1000).toFixed(1)} s:`);
  io.out(`  ${c.positive} positives ("hey nova"), ${c.negative} negatives, ${c.hard_negative} hard negatives, ${c.background} background noise files.`);
  io.out(`  Split ${result.split.ratios.join('/')}: ${SPLIT_NAMES.map((name) => `${name} ${result.split.counts[name].files}`).join(', ')} files.`);
  io.out(`Next: ${cliCommand()} train --workspace ${JSON.stringify(result.workspace.path)} (or open it in the Dataset panel).`);
}
