import type { GpuSnapshot } from '../../shared/gpu';
import { readNvidiaSmi } from '../../node/gpu/nvidia-smi';

export interface GpuMonitorOptions {
  readonly read?: () => Promise<GpuSnapshot>;
  readonly intervalMs?: number;
  readonly onReading: (snapshot: GpuSnapshot) => void;
}

/**
 * Polls once a second while someone is watching. Where nvidia-smi is missing it stops after the first
 * answer: that will not change while the app runs, and spawning a process every second for nothing wastes power.
 */
export class GpuMonitor {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private latest: GpuSnapshot | null = null;
  private running = false;

  constructor(private readonly options: GpuMonitorOptions) {}

  last(): GpuSnapshot | null {
    return this.latest;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.tick();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    const snapshot = await (this.options.read ?? (() => readNvidiaSmi()))();
    if (!this.running) return;
    this.latest = snapshot;
    this.options.onReading(snapshot);
    if (!snapshot.available && snapshot.reason.includes('not found')) {
      this.running = false;
      return;
    }
    this.timer = setTimeout(() => void this.tick(), this.options.intervalMs ?? 1000);
  }
}
