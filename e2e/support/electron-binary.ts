import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './serve';

export type ElectronBinary = { readonly path: string } | { readonly missing: string };

/**
 * The electron package resolves to its binary only after its postinstall downloaded it, which this
 * workplace cannot do (ELECTRON_SKIP_BINARY_DOWNLOAD=1). Say exactly why, so the skip is visible.
 */
export function findElectronBinary(): ElectronBinary {
  const pkg = path.join(ROOT, 'node_modules', 'electron');
  if (!existsSync(pkg)) return { missing: 'the electron package is not installed' };
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return { missing: 'node_modules/electron/path.txt is absent: the binary was not downloaded (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1)' };
  const binary = path.join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { missing: `${binary} does not exist` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { missing: 'no display (run under xvfb-run)' };
  return { path: binary };
}
