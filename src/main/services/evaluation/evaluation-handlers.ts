/** Handlers of the `evaluation:*` and `detection:*` requests, spread into the app's handler map. */
import type { Handlers } from '../../../shared/dispatch';
import type { EvaluationRequestResults } from '../../../shared/core/evaluation/contract';
import { addToHardNegative, readClip, saveCandidate, segmentWav, wavClip } from './dataset-files';
import type { EvaluationService } from './evaluation-service';
import { resolveExistingInside } from '../fs/workspace-paths';

type EvaluationHandlers = Pick<Handlers, keyof EvaluationRequestResults>;

export function evaluationHandlers(service: EvaluationService, workspace: () => string): EvaluationHandlers {
  return {
    'evaluation:run': (args) => service.evaluate(workspace(), args),
    'evaluation:operating-point': (args) => service.operatingPoint(workspace(), args.runId),
    // JSON transports turn NaN (no negative audio) into null: the estimate keeps NaN.
    'evaluation:save-operating-point': ({ fahEstimate, ...args }) =>
      service.saveOperatingPoint(workspace(), { ...args, fahEstimate: fahEstimate ? { ...fahEstimate, fah: fahEstimate.fah ?? Number.NaN, upper95: fahEstimate.upper95 ?? Number.NaN } : null }),
    'evaluation:clip': (args) => readClip(workspace(), args.path),
    'evaluation:add-hard-negative': async (args) => ({ path: await addToHardNegative(workspace(), args.path) }),
    'detection:run': async (args) => service.detect({ ...args, file: await resolveExistingInside(workspace(), args.file, 'file'), workspace: workspace() }),
    'detection:segment-audio': async (args) => wavClip('candidate.wav', await segmentWav(await resolveExistingInside(workspace(), args.file, 'file'), args.start, args.end)),
    'detection:save-candidate': async (args) => ({ path: await saveCandidate(workspace(), args.file, args.start, args.end) }),
    'detection:stream-start': (args) => service.startLive(workspace(), args),
    'detection:stream-chunk': (args) => service.liveChunk(args.sessionId, args.samples),
    'detection:stream-stop': (args) => ({ stopped: service.stopLive(args.sessionId) }),
  };
}
