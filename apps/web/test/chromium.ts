import type { BrowserContext } from 'playwright-core';
import { chromium } from 'playwright-core';

/**
 * Debian's Chromium, headless, in a profile of its own under `profileDir`: British English (the
 * dates and words the tests read) and nothing that reaches out to the network by itself.
 */
export const launchChromium = (
  profileDir: string,
  viewport: { width: number; height: number } = { width: 1280, height: 800 },
): Promise<BrowserContext> =>
  chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport,
    locale: 'en-GB',
    args: [
      '--lang=en-GB',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
