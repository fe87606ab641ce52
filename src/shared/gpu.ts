/** One NVIDIA GPU's live readings, as polled from nvidia-smi once a second. Null where it reports [N/A]. */
export interface GpuReading {
  readonly index: number;
  readonly name: string;
  readonly utilizationPercent: number | null;
  readonly memoryUsedMiB: number | null;
  readonly memoryTotalMiB: number | null;
  readonly temperatureC: number | null;
  readonly powerW: number | null;
}

export type GpuSnapshot =
  | { readonly available: true; readonly gpus: readonly GpuReading[]; readonly time: string }
  | { readonly available: false; readonly reason: string; readonly time: string };
