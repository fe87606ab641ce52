/**
 * The wake phrase a workspace is about, read from what synthesis recorded (`synth-voices.jsonl` beside
 * synthetic positives): negative speech must avoid it, and asking the user again would be a chore.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { RAW_DIR } from '../../../shared/core/dataset/categories';
import { sentenceWords } from '../../../shared/core/dataset/synth/sentences';

/** The most common spoken text (as plain words) among the workspace's synthetic positives, or null. */
export async function guessWakePhrase(workspace: string): Promise<string | null> {
  const counts = new Map<string, number>();
  const visit = async (dir: string, depth: number): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.isDirectory() && depth < 4) await visit(path.join(dir, entry.name), depth + 1);
      if (!entry.isFile() || entry.name !== 'synth-voices.jsonl') continue;
      const text = await fs.readFile(path.join(dir, entry.name), 'utf8').catch(() => '');
      for (const line of text.split('\n')) {
        try {
          const spoken = (JSON.parse(line) as { text?: unknown }).text;
          if (typeof spoken !== 'string') continue;
          const phrase = sentenceWords(spoken).join(' ');
          if (phrase !== '') counts.set(phrase, (counts.get(phrase) ?? 0) + 1);
        } catch {
          // a torn last line (e.g. a crash mid-append) says nothing
        }
      }
    }
  };
  await visit(path.join(workspace, RAW_DIR, 'positive'), 0);
  let best: string | null = null;
  let most = 0;
  for (const [phrase, count] of counts) if (count > most) [best, most] = [phrase, count];
  return best;
}
