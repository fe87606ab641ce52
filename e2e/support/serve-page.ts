import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { startServe, type ServeOptions, type ServeProcess } from './serve';

export interface ServePageOptions extends ServeOptions {
  /** Extra Chromium switches, e.g. a fake microphone. */
  readonly chromiumArgs?: readonly string[];
  readonly viewport?: { readonly width: number; readonly height: number };
  /** Appended to the served URL, e.g. `#training` to open on a panel. */
  readonly hash?: string;
}

/** A browser page on a running `wakeword serve`, with what went wrong in the page collected as it happens. */
export interface ServePage {
  readonly serve: ServeProcess;
  readonly browser: Browser;
  readonly page: Page;
  /** Uncaught exceptions in the page (`pageerror`). */
  readonly pageErrors: string[];
  /** `console.error` messages (and failed resource loads, which Chromium reports there). */
  readonly consoleErrors: string[];
  /** Closes the browser, then stops the server; safe to call after a failed start. */
  close(): Promise<void>;
}

/**
 * The setup most browser e2e files share: start the built `wakeword serve`, launch Chromium, open the page and
 * collect its errors from the first moment (listeners are attached before navigation).
 */
export async function openServePage(options: ServePageOptions = {}): Promise<ServePage> {
  const { chromiumArgs, viewport, hash, ...serveOptions } = options;
  const serve = await startServe(serveOptions);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium(chromiumArgs);
    const page = await browser.newPage(viewport ? { viewport } : {});
    const pageErrors: string[] = [];
    const consoleErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(`${serve.url}${hash ?? ''}`);
    const opened = browser;
    return {
      serve,
      browser: opened,
      page,
      pageErrors,
      consoleErrors,
      close: async () => {
        await opened.close();
        await serve.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await serve.stop();
    throw error;
  }
}
