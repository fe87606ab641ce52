/**
 * What a drop (or a file chooser) hands the page, turned into files with their relative names. Browsers
 * expose dropped folders only through the entries API, which must be asked during the drop event itself.
 */

export interface PickedFile {
  readonly file: File;
  /** The name to import under: "clip.wav", or "speaker_a/clip.wav" for a file inside a dropped folder. */
  readonly name: string;
}

/** Entries for the dropped items, taken synchronously (the DataTransfer is emptied once the event returns). */
export function droppedEntries(transfer: DataTransfer): FileSystemEntry[] {
  const entries: FileSystemEntry[] = [];
  for (const item of Array.from(transfer.items ?? [])) {
    if (item.kind !== 'file') continue;
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
  }
  return entries;
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function readBatch(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

/** Every file under the entries, folders walked recursively (readEntries returns at most ~100 per call). */
export async function filesFromEntries(entries: readonly FileSystemEntry[]): Promise<PickedFile[]> {
  const out: PickedFile[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.isFile) {
      out.push({ file: await fileOf(entry as FileSystemFileEntry), name: `${prefix}${entry.name}` });
      return;
    }
    if (!entry.isDirectory) return;
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    for (;;) {
      const batch = await readBatch(reader);
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, `${prefix}${entry.name}/`);
    }
  };
  for (const entry of entries) await walk(entry, '');
  return out;
}

/** Plain files (a file chooser, or a browser without the entries API): no folders. */
export function plainFiles(files: FileList | readonly File[]): PickedFile[] {
  return Array.from(files).map((file) => ({ file, name: file.name }));
}

export function readBlob(blob: Blob): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'));
    reader.readAsArrayBuffer(blob);
  });
}

/** Base64 of bytes, in pieces so String.fromCharCode never gets too many arguments. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
