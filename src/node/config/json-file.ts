import { promises as fs } from 'node:fs';
import { errorMessage } from '../../shared/error-message';

/** Reads a JSON file; the error names the file and says what is wrong with it. */
export async function readJsonFile(file: string, shownAs: string = file): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`${shownAs}: file not found`);
    if (code === 'EISDIR') throw new Error(`${shownAs}: is a folder, not a JSON file`);
    throw new Error(`${shownAs}: cannot be read (${errorMessage(error)})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${shownAs}: not valid JSON (${errorMessage(error)})`);
  }
}
