import { useEffect, useState } from 'react';
import { readChartColors, type ChartColors } from './chart-style';

/** Chart text and grid colours, re-read when the theme (<html data-theme> or the OS scheme) changes. */
export function useChartColors(): ChartColors {
  const [colors, setColors] = useState<ChartColors>(readChartColors);
  useEffect(() => {
    const update = (): void => setColors(readChartColors());
    const observer = new MutationObserver(update);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const scheme = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;
    scheme?.addEventListener('change', update);
    return () => {
      observer.disconnect();
      scheme?.removeEventListener('change', update);
    };
  }, []);
  return colors;
}
