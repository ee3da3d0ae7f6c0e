import { launchChromium } from './chromium.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestServer } from '@steerlog/server';
import { startTestServer } from '@steerlog/server';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsShot } from './docs-images.js';

/*
 * The board papers as a reader sees them: each PDF's first page drawn by pdf.js in Chromium
 * (the build unpdf ships), for the user guide's pictures, and checked to have drawn text.
 */

const pdfjs = fileURLToPath(new URL('../../../packages/reports/node_modules/unpdf/dist/pdfjs.mjs', import.meta.url));
const P = 'dundee-tsg';

let dir: string;
let server: TestServer;
let context: BrowserContext;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steerlog-papers-browser-'));
  server = await startTestServer({ dbPath: join(dir, 'steerlog.db'), demo: true });
  context = await launchChromium(join(dir, 'profile'), { width: 900, height: 1270 });
});
afterAll(async () => {
  await context?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Draws page 1 of the PDF at `path` on a canvas filling the viewport; returns how many pages it has. */
const firstPage = async (path: string, name: string) => {
  const token = await server.createToken('coordinator', 'coordinator');
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.headers.get('content-type'), await res.clone().text()).toBe('application/pdf');
  const pdf = await res.arrayBuffer();
  const page = await context.newPage();
  await page.route('http://papers.test/**', (route) =>
    route.request().url().endsWith('/pdfjs.mjs')
      ? route.fulfill({ contentType: 'text/javascript', body: readFileSync(pdfjs, 'utf8') })
      : route.fulfill({
          contentType: 'text/html',
          body: '<!doctype html><body style="margin:0;background:#777"><canvas></canvas></body>',
        }),
  );
  await page.goto('http://papers.test/');
  // A script as text: the test runner would otherwise rewrite its dynamic import for Node.
  const draw = `(async () => {
    const lib = await import('http://papers.test/pdfjs.mjs');
    const data = Uint8Array.from(atob('${Buffer.from(pdf).toString('base64')}'), (c) => c.charCodeAt(0));
    const doc = await lib.getDocument({ data, isEvalSupported: false }).promise;
    const first = await doc.getPage(1);
    const viewport = first.getViewport({ scale: 1.5 });
    const canvas = document.querySelector('canvas');
    canvas.width = viewport.width;
    canvas.height = viewport.height;
    await first.render({ canvasContext: canvas.getContext('2d'), viewport }).promise;
    return doc.numPages;
  })()`;
  const pages = await page.evaluate<number>(draw);
  await docsShot(page, name);
  await page.close();
  return pages;
};

describe('board papers, as a board member opens them', () => {
  it('draws the first page of the board pack and of a minute', async () => {
    expect(
      await firstPage(`/api/programmes/${P}/meetings/ijb-2022-06-22/pack?format=pdf`, 'paper-board-pack'),
    ).toBeGreaterThan(2);
    expect(
      await firstPage(`/api/programmes/${P}/meetings/tsg-2022-04/minutes?format=pdf`, 'paper-minute'),
    ).toBeGreaterThanOrEqual(1);
  });
});
