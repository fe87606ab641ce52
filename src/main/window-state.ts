import { z } from 'zod';

export const windowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(640).max(20000),
  height: z.number().int().min(480).max(20000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof windowStateSchema>;

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 840, maximized: false };

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Restores a saved window state only if it is valid and its title bar is still on a connected display
 * (a monitor may have been unplugged since); otherwise the default size, centred.
 */
export function restoreWindowState(saved: unknown, displays: readonly Rect[]): WindowState {
  const parsed = windowStateSchema.safeParse(saved);
  if (!parsed.success) return DEFAULT_WINDOW_STATE;
  const state = parsed.data;
  if (state.x === undefined || state.y === undefined) return { width: state.width, height: state.height, maximized: state.maximized };
  const { x, y } = state;
  const visible = displays.some((d) => x + 100 > d.x && x < d.x + d.width - 100 && y >= d.y && y < d.y + d.height - 40);
  return visible ? state : { width: state.width, height: state.height, maximized: state.maximized };
}
