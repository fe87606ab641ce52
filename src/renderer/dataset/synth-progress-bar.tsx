import type { SynthProgress } from '../../shared/core/dataset/synth/synth-types';
import { formatCount } from './format';
import { SYNTH_PHASE_TEXT } from './use-synth';

export function SynthProgressBar({ label, progress }: { readonly label: string; readonly progress: SynthProgress | null }) {
  const total = progress?.total ?? 0;
  return (
    <div className="dataset__progress">
      <progress aria-label={label} max={total > 0 ? total : undefined} value={total > 0 ? progress?.done : undefined} />
      <span>{progress ? `${SYNTH_PHASE_TEXT[progress.phase]}: ${formatCount(progress.done)} of ${formatCount(total)}` : 'Starting the speech engines…'}</span>
    </div>
  );
}
