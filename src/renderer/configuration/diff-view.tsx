import type { ConfigDifference } from '../../shared/config/presets';

const show = (value: unknown): string => (value === undefined ? '—' : JSON.stringify(value));

export function DiffView({ preset, differences }: { readonly preset: string | null; readonly differences: readonly ConfigDifference[] }) {
  return (
    <section aria-labelledby="diff-heading" className="card">
      <h3 id="diff-heading">Changes from {preset ? `preset ${preset}` : 'the preset'}</h3>
      {differences.length === 0 ? (
        <p data-testid="diff-empty">Same as the preset.</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Fields that differ from the preset</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Preset</th>
              <th scope="col">Now</th>
            </tr>
          </thead>
          <tbody>
            {differences.map((difference) => (
              <tr key={difference.path}>
                <th scope="row">
                  <code>{difference.path}</code>
                </th>
                <td>{show(difference.from)}</td>
                <td>{show(difference.to)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
