import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPcm16Wav } from '../src/shared/core/audio/pcm16-wav';
import { fakeMicrophoneArgs, writeFakeMicrophoneVoice } from './support/fake-microphone';
import { ROOT } from './support/serve';
import { openServePage, type ServePage } from './support/serve-page';

describe('Record your own voice in Chromium (fake microphone) against wakeword serve', () => {
  let workspace: string;
  let session: ServePage | undefined;
  let page: Page;
  let spokenSeconds = 0;
  let errors: readonly string[] = [];

  beforeAll(async () => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'wakeword-e2e-record-'));
    for (const category of ['positive', 'negative', 'hard_negative', 'background', 'rirs']) mkdirSync(path.join(workspace, 'data', 'raw', category), { recursive: true });
    const voice = path.join(workspace, 'voice.wav');
    spokenSeconds = writeFakeMicrophoneVoice(voice);
    session = await openServePage({ workspace, chromiumArgs: fakeMicrophoneArgs(voice) });
    page = session.page;
    errors = session.pageErrors;
  });

  afterAll(async () => {
    await session?.close();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('records two takes, plays one, deletes one, and leaves one 16 kHz WAV in data/raw/positive/recorded/', async () => {
    await expect.poll(() => page.getByTestId('workspace-path').textContent()).toContain(workspace);
    const record = page.getByRole('region', { name: 'Record your own voice' });
    await record.getByRole('textbox', { name: 'Phrase to say' }).fill('hey nova');
    expect(await record.getByText('Say “hey nova” 20 times').count()).toBe(1);
    const takes = record.getByRole('list', { name: 'Takes in this session' }).getByRole('listitem');
    const state = record.getByRole('status', { name: 'Recorder state' });

    // Take 1: counts down, records, and stops by itself after the pause that follows the phrase.
    await record.getByRole('button', { name: 'Record take' }).click();
    await expect.poll(() => state.textContent()).toMatch(/^Get ready/);
    await takes.first().waitFor({ timeout: 60_000 });
    expect(await record.getByRole('alert').count()).toBe(0);

    // Take 2: stopped by hand once the level meter has seen the phrase and then the silence after it.
    await record.getByRole('checkbox', { name: 'Stop after a pause' }).uncheck();
    await record.getByRole('button', { name: 'Record take' }).click();
    await expect.poll(() => state.textContent(), { timeout: 30_000 }).toContain('press Stop');
    const meter = record.locator('meter[aria-label="Input level"]');
    await expect.poll(async () => Number(await meter.getAttribute('value')), { timeout: 30_000 }).toBeGreaterThan(-40);
    await expect.poll(async () => Number(await meter.getAttribute('value')), { timeout: 30_000 }).toBeLessThan(-55);
    await record.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => takes.count(), { timeout: 30_000 }).toBe(2);
    expect(await record.getByRole('status', { name: 'Session progress' }).textContent()).toContain('2 of 20 done');

    const folder = path.join(workspace, 'data', 'raw', 'positive', 'recorded');
    const names = readdirSync(folder).sort();
    expect(names).toHaveLength(2);
    const [older, newer] = names as [string, string];

    // Play the first take (listed last): the button turns into "Stop playing" and back when it ends.
    await record.getByRole('button', { name: `Play ${older}` }).click();
    await record.getByRole('button', { name: `Stop playing ${older}` }).waitFor();
    await record.getByRole('button', { name: `Play ${older}` }).waitFor({ timeout: 30_000 });

    await record.screenshot({ path: path.join(ROOT, 'test-results', 'serve-record-section.png') });

    // Delete the second.
    await record.getByRole('button', { name: `Delete ${newer}` }).click();
    await expect.poll(() => takes.count()).toBe(1);
    expect(readdirSync(folder)).toEqual([older]);

    const audio = readPcm16Wav(new Uint8Array(readFileSync(path.join(folder, older))));
    expect(audio.sampleRate).toBe(16000);
    const seconds = audio.samples.length / 16000;
    // The phrase (or the part of it the take began in) plus up to 0.2 s of padding each side, trimmed of the loop's silence.
    console.log(`record e2e: kept ${seconds.toFixed(2)} s of a ${spokenSeconds.toFixed(2)} s phrase`);
    expect(seconds).toBeGreaterThan(0.3);
    expect(seconds).toBeLessThan(spokenSeconds + 0.5);
    expect(Math.max(...audio.samples.map(Math.abs))).toBeGreaterThan(0.05);

    // The panel rescanned: the one remaining take is the workspace's only positive.
    await expect.poll(() => page.getByTestId('count-positive').textContent(), { timeout: 30_000 }).toBe('1');
    expect(errors).toEqual([]);
  });
});
