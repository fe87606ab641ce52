import { useState } from 'react';
import type { Preset } from '../../shared/config/presets';
import { ConfirmPrompt } from './confirm-prompt';

/**
 * The user's own presets, each deletable after a confirm step. Built-in presets ship with the app and are
 * not listed (main refuses to delete them anyway).
 */
export function UserPresets({ presets, onDelete }: { readonly presets: readonly Preset[]; readonly onDelete: (name: string) => void }) {
  const [confirming, setConfirming] = useState<string | null>(null);
  const own = presets.filter((preset) => !preset.builtIn);
  if (own.length === 0) return null;
  return (
    <section aria-labelledby="user-presets-heading" className="config-user-presets">
      <h3 id="user-presets-heading">Your presets</h3>
      <ul>
        {own.map((preset) => (
          <li key={preset.name}>
            <span>
              <strong>{preset.name}</strong> — {preset.description}
            </span>{' '}
            <button type="button" aria-label={`Delete preset ${preset.name}`} onClick={() => setConfirming(preset.name)}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      {confirming !== null && (
        <ConfirmPrompt
          question={`Delete preset ${confirming}?`}
          detail="The preset is removed for good; the current config and saved configs stay as they are."
          confirmLabel="Delete preset"
          onConfirm={() => {
            setConfirming(null);
            onDelete(confirming);
          }}
          onCancel={() => setConfirming(null)}
        />
      )}
    </section>
  );
}
