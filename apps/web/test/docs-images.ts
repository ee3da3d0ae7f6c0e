import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/**
 * Where the browser tests put pictures for the docs: `docs/images/` when run by
 * `pnpm docs:screenshots` (which sets STEERLOG_DOCS_SCREENSHOTS=1), nowhere otherwise, so that
 * `pnpm test` never rewrites a tracked file.
 */
const images =
  process.env['STEERLOG_DOCS_SCREENSHOTS'] === '1'
    ? fileURLToPath(new URL('../../../docs/images/', import.meta.url))
    : null;

/** A screenshot for the docs, from the top of the page unless what matters is further down. */
export const docsShot = async (page: Page, name: string, { top = false } = {}): Promise<void> => {
  if (images === null) return;
  if (top) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(images, `${name}.png`) });
};
