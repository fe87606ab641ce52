/**
 * GPU readings from `nvidia-smi --query-gpu=... --format=csv,noheader,nounits` (there is no maintained npm
 * parser for it). Fields nvidia-smi cannot read come back as "[N/A]" or "[Not Supported]" and become null.
 */
import { execFile } from 'node:child_process';
import type { GpuReading, GpuSnapshot } from '../../shared/gpu';

export const QUERY_FIELDS = ['index', 'name', 'utilization.gpu', 'memory.used', 'memory.total', 'temperature.gpu', 'power.draw'] as const;
export const NVIDIA_SMI_ARGS = [`--query-gpu=${QUERY_FIELDS.join(',')}`, '--format=csv,noheader,nounits'] as const;

function numberOrNull(text: string | undefined): number | null {
  if (text === undefined) return null;
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.startsWith('[')) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** Splits one CSV line; GPU names do not contain commas, but a quoted field is handled anyway. */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) {
      fields.push(current);
      current = '';
    } else current += char;
  }
  fields.push(current);
  return fields.map((field) => field.trim());
}

export type ParseResult = { readonly ok: true; readonly gpus: readonly GpuReading[] } | { readonly ok: false; readonly reason: string };

export function parseNvidiaSmiCsv(output: string): ParseResult {
  const lines = output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  if (lines.length === 0) return { ok: false, reason: 'nvidia-smi listed no GPUs' };
  const gpus: GpuReading[] = [];
  for (const line of lines) {
    const fields = splitCsvLine(line);
    const index = numberOrNull(fields[0]);
    if (fields.length !== QUERY_FIELDS.length || index === null) {
      // Anything else is nvidia-smi telling us what is wrong (no driver, no devices...): pass it on.
      return { ok: false, reason: `nvidia-smi: ${line}` };
    }
    gpus.push({
      index,
      name: fields[1] ?? `GPU ${String(index)}`,
      utilizationPercent: numberOrNull(fields[2]),
      memoryUsedMiB: numberOrNull(fields[3]),
      memoryTotalMiB: numberOrNull(fields[4]),
      temperatureC: numberOrNull(fields[5]),
      powerW: numberOrNull(fields[6]),
    });
  }
  return { ok: true, gpus };
}

export function readNvidiaSmi(command = 'nvidia-smi', timeoutMs = 3000, now: () => Date = () => new Date()): Promise<GpuSnapshot> {
  return new Promise((resolve) => {
    execFile(command, [...NVIDIA_SMI_ARGS], { timeout: timeoutMs }, (error, stdout, stderr) => {
      const time = now().toISOString();
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') return resolve({ available: false, reason: 'no NVIDIA GPU (nvidia-smi not found)', time });
      if (error) {
        const detail = (stdout || stderr || error.message).trim().split('\n')[0] ?? error.message;
        return resolve({ available: false, reason: `no NVIDIA GPU (nvidia-smi: ${detail})`, time });
      }
      const parsed = parseNvidiaSmiCsv(stdout);
      resolve(parsed.ok ? { available: true, gpus: parsed.gpus, time } : { available: false, reason: `no NVIDIA GPU (${parsed.reason})`, time });
    });
  });
}
