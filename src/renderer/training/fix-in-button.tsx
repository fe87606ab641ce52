const PANEL_NAMES = { dataset: 'Dataset', configuration: 'Configuration' } as const;

/** Takes the user to the panel that fixes a problem; the App follows the URL hash. */
export function FixInButton({ panel }: { readonly panel: 'dataset' | 'configuration' }) {
  return (
    <button
      type="button"
      className="training-button training-button--small"
      onClick={() => {
        window.location.hash = `#${panel}`;
      }}
    >
      Go to the {PANEL_NAMES[panel]} panel
    </button>
  );
}
