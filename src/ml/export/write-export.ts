import type { ExportFileInfo } from '../../shared/contract/export-contract';
import { writeFilesTogether } from '../../node/fs/atomic-write';

/** Bytes a file of the export takes on disk (strings as UTF-8). */
export function byteLength(data: string | Uint8Array | undefined): number {
  if (data === undefined) return 0;
  return typeof data === 'string' ? Buffer.byteLength(data) : data.length;
}

/**
 * Writes an export's files all or none (a full disk must not leave a folder that looks finished), with
 * wakeword.json last, and lists what was written.
 */
export async function writeExportFiles(outDir: string, files: Readonly<Record<string, string | Uint8Array>>): Promise<ExportFileInfo[]> {
  const { 'wakeword.json': manifest, ...rest } = files;
  if (manifest === undefined) throw new Error('an export without wakeword.json');
  await writeFilesTogether(outDir, { ...rest, 'wakeword.json': manifest });
  return Object.entries(files).map(([name, data]) => ({ name, bytes: byteLength(data) }));
}
