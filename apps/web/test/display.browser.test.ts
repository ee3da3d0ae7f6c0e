import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '@steerlog/domain';
import type { TestServer } from '@steerlog/server';
import { startTestServer } from '@steerlog/server';
import type { AxeResults } from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsShot } from './docs-images.js';

const webRoot = fileURLToPath(new URL('..', import.meta.url));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let dir: string;
let server: TestServer;
let context: BrowserContext;
let page: Page;
let viewer: string;
let coordinator: string;
/** Console errors, which include CSP violations. */
const consoleErrors: string[] = [];

const send = async (programmeId: string, command: Command) => {
  const response = await fetch(`${server.url}/api/programmes/${programmeId}/commands`, {
    method: 'POST',
    headers: { authorization: `Bearer ${coordinator}`, 'content-type': 'application/json' },
    body: JSON.stringify(command),
  });
  expect(response.status, await response.clone().text()).toBe(201);
};

const startOn = (dbPath: string, port = 0, demo = true) =>
  startTestServer({ dbPath, port, demo, webRoot: join(dir, 'web') });

/** Serious and critical axe violations on the page as it is now. */
const seriousViolations = async () => {
  // Evaluated through the debugging protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  const results = await page.evaluate(() => (window as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run());
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
};

const status = () => page.getByRole('status');

/** What the display shows of partners' ratings and milestones' statuses, to set beside the server's state. */
const shown = () =>
  page.evaluate(() => ({
    partners: [...document.querySelectorAll('.partner-table tbody tr')]
      .map((row) => {
        const name = row.querySelector('th')?.textContent?.replace(/^CHANGED/, '') ?? '';
        return `${name}: ${row.querySelector('td:last-child')?.textContent ?? ''}`;
      })
      .sort(),
    milestones: [...document.querySelectorAll('.milestone .status')].map((s) => s.textContent ?? '').sort(),
  }));

type StateView = {
  partners: { name: string; rag: { current: string } | null }[];
  workstreams: { milestones: { status: string }[] }[];
};

/** The same, from the server's fold (`GET /state`). */
const served = async (programmeId: string) => {
  const response = await fetch(`${server.url}/api/programmes/${programmeId}/state`, {
    headers: { authorization: `Bearer ${viewer}` },
  });
  const state = (await response.json()) as StateView;
  return {
    partners: state.partners.map((p) => `${p.name}: ${p.rag?.current.toUpperCase() ?? 'NOT RATED'}`).sort(),
    milestones: state.workstreams.flatMap((w) => w.milestones.map((m) => m.status.toUpperCase())).sort(),
  };
};

/** What would need scrolling: the page beyond the window, or a panel beyond its box. */
const overflow = () =>
  page.evaluate(() => ({
    page:
      document.documentElement.scrollHeight > window.innerHeight ||
      document.documentElement.scrollWidth > window.innerWidth,
    panels: [...document.querySelectorAll<HTMLElement>('.panel')]
      .filter((panel) => panel.scrollHeight > panel.clientHeight + 1)
      .map((panel) => panel.className),
  }));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steerlog-web-test-'));
  // Build this checkout's client, so the test never runs against a stale dist.
  await build({ root: webRoot, logLevel: 'silent', build: { outDir: join(dir, 'web'), emptyOutDir: true } });
  server = await startOn(join(dir, 'steerlog.db'));
  viewer = await server.createToken('viewer', 'room-display');
  coordinator = await server.createToken('coordinator', 'becky');
  context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1920, height: 1080 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(`${server.url}/?token=${viewer}`);
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the programme list', () => {
  it('shows every programme with its RAG in words, and takes the token out of the address bar', async () => {
    await expect.poll(() => status().innerText()).toBe('Live');
    expect(page.url()).toBe(`${server.url}/`);
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(3);
    for (const row of await rows.all()) expect(await row.innerText()).toMatch(/\b(RED|AMBER|GREEN|NOT RATED)\b/);
    expect(await seriousViolations()).toEqual([]);
  });

  it('follows changes live', async () => {
    const row = page.locator('tr', { hasText: 'Trauma Informed Somerset' });
    await send('trauma-informed-somerset', {
      type: 'ChangeRag',
      data: { subject: { kind: 'programme' }, rag: 'red', reason: 'Evaluation overdue' },
    });
    await expect.poll(() => row.innerText()).toMatch(/\bRED\b/);
  });
});

describe('the meeting display', () => {
  it.each(['dundee-tsg', 'trauma-informed-somerset', 'nttp-readiness'])(
    'shows %s as the server folds it, on a 1920x1080 screen without scrolling, readable by assistive technology',
    async (programmeId) => {
      await page.goto(`${server.url}/display/${programmeId}`);
      await expect.poll(() => status().innerText()).toBe('Live');
      const onScreen = await shown();
      expect(onScreen.partners).not.toEqual([]);
      expect(onScreen).toEqual(await served(programmeId));
      expect(await overflow()).toEqual({ page: false, panels: [] });
      expect(await seriousViolations()).toEqual([]);
    },
  );

  it('fits a programme of ten partners, five workstreams and twenty milestones', async () => {
    const id = 'big-programme';
    const commands: Command[] = [
      {
        type: 'LaunchProgramme',
        data: { name: 'Greater Exampleshire Trauma-Informed Partnership' },
        occurredAt: '2024-04-01',
      },
      ...Array.from({ length: 10 }, (_, i): Command => ({
        type: 'AddPartner',
        data: {
          partnerId: `partner-${i}`,
          name: `Exampleshire Health and Social Care Partnership ${i}`,
          sector: 'nhs',
        },
        occurredAt: '2024-04-01',
      })),
      ...Array.from({ length: 5 }, (_, i): Command => ({
        type: 'CreateWorkstream',
        data: { workstreamId: `workstream-${i}`, name: `Workforce training and development ${i}` },
        occurredAt: '2024-04-01',
      })),
      ...Array.from({ length: 20 }, (_, i): Command => ({
        type: 'AddMilestone',
        data: {
          milestoneId: `milestone-${i}`,
          workstreamId: `workstream-${i % 5}`,
          title: `Tier 2 trauma-skilled training delivered to 500 front-line staff, wave ${i}`,
          dueOn: `${2024 + Math.floor(i / 8)}-${String((i % 8) + 5).padStart(2, '0')}-28`,
        },
        occurredAt: '2024-04-01',
      })),
      ...Array.from({ length: 10 }, (_, i): Command => ({
        type: 'ChangeRag',
        data: {
          subject: { kind: 'partner', id: `partner-${i}` },
          rag: i % 2 ? 'amber' : 'green',
          reason: 'First rating',
        },
        occurredAt: '2024-06-01',
      })),
    ];
    for (const command of commands) await send(id, command);
    await page.goto(`${server.url}/display/${id}`);
    await expect.poll(() => status().innerText()).toBe('Live');
    expect(await page.locator('.milestone').count()).toBe(20);
    expect(await overflow()).toEqual({ page: false, panels: [] });
  });

  it('shows decisions as they are recorded, and carries on through a server restart', async () => {
    await page.goto(`${server.url}/display/dundee-tsg`);
    await expect.poll(() => status().innerText()).toBe('Live');
    await send('dundee-tsg', {
      type: 'OpenMeeting',
      data: { meetingId: 'browser-test', title: 'Browser test board', attendees: [] },
    });
    await send('dundee-tsg', { type: 'RecordDecision', data: { summary: 'Recorded while the room watches' } });
    await expect.poll(() => page.locator('#meeting-heading').innerText()).toMatch(/Meeting in progress/);
    await expect.poll(() => page.locator('.decisions li').allInnerTexts()).toEqual(['Recorded while the room watches']);
    // The README's picture of the display, from this run: a meeting in progress on the demo programme.
    await docsShot(page, 'display');

    const { dbPath, port } = server;
    await server.close();
    await expect.poll(() => status().innerText()).toBe('Reconnecting…');
    server = await startOn(dbPath, port, false);
    await send('dundee-tsg', { type: 'RecordDecision', data: { summary: 'Recorded after the restart' } });
    await expect.poll(() => status().innerText(), { timeout: 10_000 }).toBe('Live');
    await expect
      .poll(() => page.locator('.decisions li').allInnerTexts())
      .toEqual(['Recorded while the room watches', 'Recorded after the restart']);
  });

  it('broke no rule of the content security policy', () => {
    // While the server was down the browser logged its refused reconnections; anything else is a fault.
    expect(consoleErrors.filter((e) => !e.includes('WebSocket connection'))).toEqual([]);
  });
});
