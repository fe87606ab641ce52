import type { ReactNode } from 'react';

/** The frame every panel shares: a heading, what the panel is for, then its content. */
export function PanelFrame({ title, intro, children }: { readonly title: string; readonly intro: string; readonly children?: ReactNode }) {
  return (
    <div className="panel">
      <h2>{title}</h2>
      <p className="panel__intro">{intro}</p>
      {children}
    </div>
  );
}
