/**
 * Headless Chromium for the browser tests: Debian's `chromium` package
 * (`.ci/run` installs it), driven by playwright-core through
 * `executablePath` (playwright's own browsers are never downloaded), with a
 * fresh profile and nothing that reaches the network on its own. The caller
 * closes what it opens (`close`), and the profile is removed then.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export interface Chromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Launches headless Chromium in a fresh profile; throws, saying how to install it, when it is missing. */
export async function launchChromium(viewport = { width: 1440, height: 900 }): Promise<Chromium> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is not installed (apt-get install chromium; .ci/run does it)`);
  const profile = mkdtempSync(join(tmpdir(), 'agora-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
