import { execFile } from 'node:child_process';
import type { GpuStatus } from '../../shared/api';

/** One-off check for an NVIDIA GPU at start-up; live readings are polled separately. */
export function probeGpu(command = 'nvidia-smi', timeoutMs = 5_000): Promise<GpuStatus> {
  return new Promise((resolve) => {
    execFile(command, ['--query-gpu=name', '--format=csv,noheader'], { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return resolve({ available: false, detail: 'no NVIDIA GPU (nvidia-smi not found)' });
        const why = (stderr || stdout || error.message).split('\n')[0]?.trim() ?? error.message;
        return resolve({ available: false, detail: `no NVIDIA GPU (nvidia-smi: ${why})` });
      }
      const names = stdout
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.length > 0);
      resolve(names.length > 0 ? { available: true, detail: names.join(', ') } : { available: false, detail: 'no NVIDIA GPU (nvidia-smi listed none)' });
    });
  });
}
