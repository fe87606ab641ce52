/** Handlers of the `evaluation:*` and `detection:*` requests, spread into the app's handler map. */
import type { Handlers } from '../../shared/contract/dispatch';
import type { EvaluationRequestResults } from '../../shared/contract/evaluation-contract';
import path from 'node:path';
import type { RequestContext } from '../../shared/contract/dispatch';
import { addToHardNegative, readClip, readRecordingAudio, saveCandidate, segmentWav, wavClip } from '../../node/evaluation/dataset-files';
import type { EvaluationService } from './evaluation-service';
import { OutsideWorkspaceError, resolveExistingInside } from '../../node/fs/workspace-paths';
import type { RecordingFile } from './recording-scores';
import { createRecordingUploads } from './recording-uploads';

type EvaluationHandlers = Pick<Handlers, keyof EvaluationRequestResults>;

/**
 * A recording a request names: a path inside the workspace (uploads, data/raw), or, from the desktop app only,
 * an absolute path the user chose in the native dialog or dropped. Anything else is refused outright; a missing
 * file inside the workspace is reported with that file's result instead.
 */
export async function recordingFile(workspace: string, requested: string, transport: RequestContext['transport']): Promise<RecordingFile> {
  if (transport === 'ipc' && path.isAbsolute(requested)) return { shown: requested, path: path.resolve(requested) };
  try {
    return { shown: requested, path: await resolveExistingInside(workspace, requested) };
  } catch (error) {
    if (error instanceof OutsideWorkspaceError) throw new OutsideWorkspaceError(`${requested}: not a file inside the open workspace (in the browser, add recordings by upload)`);
    return { shown: requested, path: path.resolve(workspace, requested) };
  }
}

export function evaluationHandlers(service: EvaluationService, workspace: () => string): EvaluationHandlers {
  const uploads = createRecordingUploads();
  return {
    'evaluation:run': (args) => service.evaluate(workspace(), args),
    'evaluation:operating-point': (args) => service.operatingPoint(workspace(), args.runId),
    // JSON transports turn NaN (no negative audio) into null: the estimate keeps NaN.
    'evaluation:save-operating-point': ({ fahEstimate, ...args }) =>
      service.saveOperatingPoint(workspace(), { ...args, fahEstimate: fahEstimate ? { ...fahEstimate, fah: fahEstimate.fah ?? Number.NaN, upper95: fahEstimate.upper95 ?? Number.NaN } : null }),
    'evaluation:clip': (args) => readClip(workspace(), args.path),
    'evaluation:add-hard-negative': async (args) => ({ path: await addToHardNegative(workspace(), args.path) }),
    'evaluation:pick-files': () => service.pickAudioFiles(),
    'evaluation:upload': (args) => uploads.receive(workspace(), args),
    'evaluation:score-files': async ({ files, ...args }, context) => {
      const root = workspace();
      const resolved: RecordingFile[] = [];
      for (const file of files) resolved.push(await recordingFile(root, file, context.transport));
      return service.scoreFiles(root, { ...args, files: resolved });
    },
    'evaluation:file-audio': async (args, context) => {
      const file = await recordingFile(workspace(), args.file, context.transport);
      return readRecordingAudio(file.path, file.shown);
    },
    'detection:run': async (args) => service.detect({ ...args, file: await resolveExistingInside(workspace(), args.file, 'file'), workspace: workspace() }),
    'detection:segment-audio': async (args) => wavClip('candidate.wav', await segmentWav(await resolveExistingInside(workspace(), args.file, 'file'), args.start, args.end)),
    'detection:save-candidate': async (args) => ({ path: await saveCandidate(workspace(), args.file, args.start, args.end) }),
    'detection:stream-start': (args) => service.startLive(workspace(), args),
    'detection:stream-chunk': (args) => service.liveChunk(args.sessionId, args.samples),
    'detection:stream-stop': (args) => ({ stopped: service.stopLive(args.sessionId) }),
  };
}
