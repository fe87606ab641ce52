/**
 * Every subcommand's name, arguments and options, and nothing else: each action imports its command's
 * module only when it runs, so `wakeword --version`, `--help` and one command's start-up never load the
 * others' dependencies (TF.js, onnxruntime, zod schemas, the services). The bundler makes each of those
 * `import()`s a chunk of its own. Keep this module's imports light (see option-parsers.ts).
 */
import type { Command } from 'commander';
import { BACKEND_CHOICES, type BackendChoice } from '../shared/contract/backend-choices';
import { SPLIT_NAMES, type SplitName } from '../shared/core/dataset/categories';
import { GROUP_BY, type GroupBy } from '../shared/core/dataset/manifest';
import { DEFAULT_SEED } from '../shared/core/dataset/split';
import { EXPORT_FORMATS } from '../shared/export/wakeword-manifest';
import type { ConfigCommandOptions } from './config-command';
import type { DemoCommandOptions } from './demo-command';
import type { DetectCommandOptions } from './detect-command';
import type { EvalCommandOptions } from './eval-command';
import type { ExportCommandOptions } from './export-command';
import type { FeaturesOptions } from './features-command';
import type { CliIo } from './cli-io';
import type { InputStream } from './input-paths';
import {
  collect,
  parseBackendChoice,
  parseCount,
  parseExportPhrase,
  parseFormat,
  parseGroupBy,
  parseHours,
  parseNegatives,
  parsePhrase,
  parsePositive,
  parseRatios,
  parseSeed,
  parseSplit,
  parseTrainBackend,
  parseUnit,
  parseVoices,
} from './option-parsers';
import type { ScanCommandOptions } from './scan-command';
import type { SplitCommandOptions } from './split-command';
import type { SynthCommandOptions } from './synth-command';
import type { TrainCommandOptions } from './train-command';
import type { VoicesCommandOptions } from './voices-command';

export function registerConfigCommands(program: Command, io: CliIo): void {
  program
    .command('config')
    .description('print the training configuration a preset, config file and --set overrides resolve to')
    .option('--preset <name>', 'preset to start from (see `wakeword presets`)')
    .option('--config <file>', 'saved config (JSON) laid over the preset')
    .option('--set <key=value>', 'override one field, e.g. model.architecture=res8 (repeatable)', collect, [])
    .option('--json', 'print {ok, config, errors, warnings} as JSON')
    .action(async (options: ConfigCommandOptions) => (await import('./config-command')).runConfig(options, io));

  program
    .command('presets')
    .description('list the training presets and what each is for')
    .option('--json', 'print the presets (with their configs) as JSON')
    .action(async (options: { json?: boolean }) => (await import('./config-command')).runPresets(options, io));
}

export function registerFeaturesCommand(program: Command, io: CliIo, stdin: InputStream = process.stdin): void {
  program
    .command('features')
    .description('write log-mel features (.npy, float32 [frames, n_mels]) for an audio file or a folder of them')
    .option('-i, --input <path>', 'audio file, or folder searched recursively; - reads a list of paths from standard input')
    .option('--files-from <file>', 'read paths (one per line, or NUL-separated) from a file, - for standard input; OUT mirrors the folder that holds them all')
    .requiredOption('-o, --out <dir>', 'output folder; IN/a/b.wav becomes OUT/a/b.npy')
    .option('--preset <name>', 'preset whose front end to use (see `wakeword presets`)')
    .option('--config <file>', 'saved config (JSON) laid over the preset')
    .option('--set <key=value>', 'override a field, e.g. features.n_mels=64 (repeatable)', collect, [])
    .option('-q, --quiet', 'print only the summary and errors')
    .action(async (options: FeaturesOptions) => (await import('./features-command')).runFeatures(options, io, stdin));
}

export function registerScanCommand(program: Command, io: CliIo): void {
  program
    .command('scan')
    .description('scan data/raw/{positive,negative,hard_negative,background,rirs} and write data/manifest.json')
    .option('-w, --workspace <dir>', 'workspace folder', process.cwd())
    .option('--json', 'print {"total_files", "categories", "invalid"} as JSON')
    .action(async (options: ScanCommandOptions) => (await import('./scan-command')).runScan(options, io));
}

export function registerSplitCommand(program: Command, io: CliIo): void {
  program
    .command('split')
    .description('split the scanned dataset into data/splits/{train,val,test}.json (seeded, per category)')
    .option('-w, --workspace <dir>', 'workspace folder', process.cwd())
    .option(
      '--ratios <train,val,test>',
      "fractions adding up to 1 (default: the workspace configuration's split shares, as the Configuration panel of `wakeword serve` shows and keeps them for this workspace, else the default preset's)",
      parseRatios,
    )
    .option('--seed <n>', 'random seed: the same seed gives the same split', parseSeed, DEFAULT_SEED)
    .option('--group-by <how>', `keep groups in one split: ${GROUP_BY.join(', ')} (folder = sub-folder per speaker)`, parseGroupBy, 'none' as GroupBy)
    .option('--json', 'print the counts as JSON')
    .action(async (options: SplitCommandOptions) => (await import('./split-command')).runSplit(options, io));
}

/** The voice flags `synth`, `voices` and `demo` share: where voice files are. */
function addVoiceSourceOptions(command: Command): Command {
  return command
    .option('--flite-voice <file|dir>', 'a .flitevox voice file, or a folder of them (repeatable)', collect)
    .option('--piper-model <file|dir>', 'a piper voice model (.onnx with its .onnx.json), or a folder of them (repeatable)', collect)
    .option('--piper <program>', 'the piper program, when it is not "piper" on PATH (or set WAKEWORD_PIPER)');
}

/** ...and which voices to use. */
function addVoiceOptions(command: Command): Command {
  return addVoiceSourceOptions(
    command
      .option('--voices <list>', 'only these voices: comma-separated ids or engine names, e.g. "flite" or "flite:slt,espeak-ng:en-gb+f1" (default: every installed voice)', parseVoices)
      .option('--exclude-voices <list>', 'leave these voices out (ids or engine names, comma-separated), e.g. to hold voices out for testing', parseVoices),
  );
}

export function registerSynthCommand(program: Command, io: CliIo): void {
  const command = program
    .command('synth')
    .description('speak a wake phrase (and confusable phrases) with every installed speech engine, or make negative speech, as 16 kHz mono WAVs')
    .option('--phrase <text>', 'the wake phrase, e.g. "hey nova" (negative speech never contains it; default there: the workspace\'s synthetic positives)', parsePhrase)
    .option('--count <n>', 'how many positive clips', parseCount)
    .option('--out <dir>', 'folder for the clips (created if missing; nothing is overwritten); for --negative-hours default <workspace>/data/raw/negative/speech')
    .option('--seed <n>', 'random seed: the same seed (and voices) gives the same clips (default: random, printed)', parseSeed)
    .option('--negatives <phrases>', 'confusable phrases separated by ";" to speak as hard negatives, e.g. "hey nora;hey now"', parseNegatives)
    .option('--negative-count <n>', 'hard-negative clips in all, spread over the phrases (default: --count)', parseCount)
    .option('--negatives-out <dir>', 'folder for the hard negatives, one sub-folder per phrase (default: <out>/hard_negative)')
    .option('--negative-hours <h>', 'instead: this many hours of random everyday sentences in long files (negative speech)', parseHours)
    .option('-w, --workspace <dir>', 'workspace for --negative-hours defaults (default: the current folder)');
  addVoiceOptions(command)
    .option('--json', 'print what was written as JSON (progress goes to stderr as JSON lines)')
    .action(async (options: SynthCommandOptions) => (await import('./synth-command')).runSynth(options, io));
}

export function registerVoicesCommand(program: Command, io: CliIo): void {
  const command = program.command('voices').description('list the speech engines and voices synth can use, and how to install missing engines');
  addVoiceSourceOptions(command)
    .option('--json', 'print engines and voice ids as JSON')
    .action(async (options: VoicesCommandOptions) => (await import('./voices-command')).runVoices(options, io));
}

export function registerDemoCommand(program: Command, io: CliIo): void {
  const command = program
    .command('demo')
    .description('create a ready-to-train demo workspace ("hey nova", spoken by every installed speech engine), scanned and split')
    .requiredOption('--out <dir>', 'a new or empty folder for the workspace');
  addVoiceOptions(command)
    .option('--json', 'print the counts as JSON (progress goes to stderr as JSON lines)')
    .action(async (options: DemoCommandOptions) => (await import('./demo-command')).runDemo(options, io));
}

export function registerTrainCommand(program: Command, io: CliIo): void {
  program
    .command('train')
    .description('train a wake-word model on a workspace\'s dataset split')
    .option('-w, --workspace <dir>', 'workspace folder (default: the current folder)')
    .option('--preset <name>', 'preset to start from (default: default)')
    .option('--config <file>', 'a saved config (JSON) laid over the preset')
    .option('--set <key=value>', 'override one setting, e.g. --set training.epochs=5 (repeatable)', collect, [] as readonly string[])
    .option('--run-name <name>', 'name for the run folder under runs/')
    .option('--backend <backend>', `training backend: ${BACKEND_CHOICES.join('|')}`, parseTrainBackend, 'auto' as BackendChoice)
    .option('--resume <run-dir>', 'continue a run (a run folder: from its newest intact checkpoint; or runs/<id>/checkpoints/epoch-NNNN)')
    .option('--json', 'print one JSON object per line')
    .action(async (options: TrainCommandOptions) => (await import('./train-command')).runTrain(options, io));
}

export function registerEvalCommand(program: Command, io: CliIo): void {
  program
    .command('eval')
    .description("measure a run's best model on a split: FRR, FA/h, EER, ROC AUC, confusion matrix")
    .requiredOption('--run <dir>', 'run folder (or a run id with --workspace)')
    .option('-w, --workspace <dir>', "workspace folder (default: the run's workspace)")
    .option('--split <name>', `split to evaluate: ${SPLIT_NAMES.join('|')}`, parseSplit, 'test' as SplitName)
    .option('--threshold <t>', 'operating point: this threshold (default: the saved one)', parseUnit('--threshold'))
    .option('--target-fah <f>', 'operating point: the threshold that keeps FA/h on this split at or under f', parsePositive('--target-fah'))
    .option('--save', 'save the operating point with the run (used by detect and export)')
    .option('--files', 'list every file with its score and outcome (TP/FP/TN/FN)')
    .option('--backend <backend>', 'TensorFlow.js backend: auto|tensorflow|wasm|cpu', parseBackendChoice, 'auto' as BackendChoice)
    .option('--json', 'print one JSON object')
    .action(async (options: EvalCommandOptions) => (await import('./eval-command')).runEval(options, io));
}

export function registerDetectCommand(program: Command, io: CliIo): void {
  program
    .command('detect')
    .description("run a run's model over audio files: a score per clip, detections with times for long recordings")
    .argument('[inputs...]', 'audio files (WAV, FLAC, MP3, Ogg Vorbis), folders (every audio file under them), or - to read paths from standard input')
    .requiredOption('--run <dir>', 'run folder (or a run id with --workspace)')
    .option('-w, --workspace <dir>', 'workspace folder holding the run')
    .option('--threshold <t>', "detection threshold (default: the run's operating point)", parseUnit('--threshold'))
    .option('--smoothing <n>', 'moving average over n window scores', parsePositive('--smoothing', true))
    .option('--hop <seconds>', 'step between windows of a long recording (openWakeWord models always step 80 ms)', parsePositive('--hop'))
    .option('--refractory <seconds>', 'ignore triggers this long after a detection', parsePositive('--refractory'))
    .option('--backend <backend>', 'TensorFlow.js backend: auto|tensorflow|wasm|cpu', parseBackendChoice, 'auto' as BackendChoice)
    .option('--files-from <file>', 'also read paths (one per line, or NUL-separated) from a file; - reads standard input')
    .option('--json', 'print one JSON object')
    .action(async (inputs: string[], options: DetectCommandOptions) => (await import('./detect-command')).runDetect(inputs, options, io));
}

export function registerExportCommand(program: Command, io: CliIo): void {
  program
    .command('export')
    .description("export a run's best model as TF.js or ONNX, with wakeword.json (front end, threshold) and examples")
    .requiredOption('--run <dir>', 'run folder (or a run id with --workspace)')
    .requiredOption('--format <format>', `export format: ${EXPORT_FORMATS.join('|')}`, parseFormat)
    .option('--out <dir>', 'output folder (default: <workspace>/exports/<run-id>-<format>); with --format oww also FILE.onnx')
    .option('-w, --workspace <dir>', "workspace folder (default: the run's workspace)")
    .option('--phrase <text>', "wake phrase an openWakeWord model is named after (default: the workspace's synthesised phrase, else its positive folder, else the run name)", parseExportPhrase)
    .option('--int8', 'also write an ONNX model with INT8 weights and report its accuracy change')
    .option('--backend <backend>', 'TensorFlow.js backend for the reference scores: auto|tensorflow|wasm|cpu', parseBackendChoice, 'wasm' as BackendChoice)
    .option('--json', 'print the result as one JSON object')
    .action(async (options: ExportCommandOptions) => {
      await (await import('./export-command')).runExport(options, io);
    });
}
