/**
 * Saving from the page works the same in Electron and in a browser: an <a download> click. Blob URLs
 * are revoked after the click has been handled so large CSVs do not stay in memory.
 */
export function downloadUrl(fileName: string, url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
}

export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  downloadUrl(fileName, url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** runs/20261201-073744-my-run -> 20261201-073744-my-run, for file names of exports. */
export function runBaseName(runDir: string | null): string {
  const name = runDir?.split(/[\\/]/).filter(Boolean).at(-1);
  return name && name.length > 0 ? name : 'training';
}
