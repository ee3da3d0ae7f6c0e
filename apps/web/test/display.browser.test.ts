import { launchChromium } from './chromium.js';
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

/**
 * What the display shows of partners' ratings and milestones' statuses, by id, to set beside the
 * server's state; and how many of each it says it left out to fit the screen.
 */
const shown = () =>
  page.evaluate(() => ({
    partners: Object.fromEntries(
      [...document.querySelectorAll('.partner-table tbody tr')].map((row) => {
        // The words of a cell without its marks: the "Illustrative" tag is compared on its own.
        const words = (cell: Element | null) => {
          const copy = cell?.cloneNode(true) as Element | undefined;
          copy?.querySelectorAll('.illustrative-tag, .round-note').forEach((mark) => mark.remove());
          return copy?.textContent ?? '';
        };
        const name = words(row.querySelector('th')).replace(/^(CHANGED|JUST NOW)/, '');
        const marked = row.querySelector('.illustrative-tag') ? ' (illustrative)' : '';
        return [row.getAttribute('data-id'), `${name}: ${words(row.querySelector('td:last-child'))}${marked}`];
      }),
    ),
    milestones: Object.fromEntries(
      [...document.querySelectorAll('.milestone')].map((m) => [
        m.getAttribute('data-id'),
        m.querySelector('.status')?.textContent ?? '',
      ]),
    ),
    hiddenPartners: Number(document.querySelector('.partners')?.getAttribute('data-hidden') ?? 0),
    hiddenMilestones: [...document.querySelectorAll('.workstream')].reduce(
      (n, w) => n + Number(w.getAttribute('data-hidden') ?? 0),
      0,
    ),
  }));

type Marked = { illustrative?: true };
type StateView = {
  partners: (Marked & {
    partnerId: string;
    name: string;
    rag: (Marked & { current: string }) | null;
    lastReport: Marked | null;
  })[];
  workstreams: { milestones: { milestoneId: string; status: string }[] }[];
};

/** The same, from the server's fold (`GET /state`). */
const served = async (programmeId: string, query = '') => {
  const response = await fetch(`${server.url}/api/programmes/${programmeId}/state${query}`, {
    headers: { authorization: `Bearer ${viewer}` },
  });
  const state = (await response.json()) as StateView;
  return {
    partners: Object.fromEntries(
      state.partners.map((p) => [
        p.partnerId,
        `${p.name}: ${p.rag?.current.toUpperCase() ?? 'NOT RATED'}${
          [p, p.rag, p.lastReport].some((v) => v?.illustrative) ? ' (illustrative)' : ''
        }`,
      ]),
    ),
    milestones: Object.fromEntries(
      state.workstreams.flatMap((w) => w.milestones.map((m) => [m.milestoneId, m.status.toUpperCase()])),
    ),
  };
};

/** Everything shown agrees with the server, and what is not shown is counted on screen. */
const expectAsServed = async (programmeId: string, query = '') => {
  const onScreen = await shown();
  const server = await served(programmeId, query);
  expect(Object.keys(onScreen.partners).length).toBeGreaterThan(0);
  for (const [id, text] of Object.entries(onScreen.partners)) expect(text).toBe(server.partners[id]);
  for (const [id, status] of Object.entries(onScreen.milestones)) expect(status).toBe(server.milestones[id]);
  expect(Object.keys(onScreen.partners).length + onScreen.hiddenPartners).toBe(Object.keys(server.partners).length);
  expect(Object.keys(onScreen.milestones).length + onScreen.hiddenMilestones).toBe(
    Object.keys(server.milestones).length,
  );
  return onScreen;
};

/**
 * How the screen is used: whether anything scrolls, the smallest text on it (px), text cut off at
 * the edges of the window or of its panel, and labels of the time axis that touch each other.
 */
const layout = () =>
  page.evaluate(() => {
    const visible = (e: Element) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && !e.closest('.sr-only');
    };
    const texts = [...document.querySelectorAll<HTMLElement>('.display *')].filter(
      (e) => visible(e) && [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== ''),
    );
    const cutBy = (vertically: boolean) =>
      texts
        .filter((e) => {
          const r = e.getBoundingClientRect();
          const box = (e.closest('.panel') ?? document.documentElement).getBoundingClientRect();
          const sideways = r.left < box.left - 1 || r.right > box.right + 1 || r.right > window.innerWidth + 1;
          const below = r.top < box.top - 1 || r.bottom > box.bottom + 1 || r.bottom > window.innerHeight + 1;
          return sideways || (vertically && below);
        })
        .map((e) => e.textContent.slice(0, 40));
    const panels = [...document.querySelectorAll('.panel')].map((p) => p.getBoundingClientRect());
    const labels = [...document.querySelectorAll('.track-year-label, .track-today-label')].map((l) =>
      l.getBoundingClientRect(),
    );
    const overlapping = labels.flatMap((a, i) =>
      labels
        .slice(i + 1)
        .filter((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
        .map(() => i),
    );
    return {
      scrolls:
        document.documentElement.scrollHeight > window.innerHeight ||
        document.documentElement.scrollWidth > window.innerWidth,
      smallestText: Math.min(...texts.map((e) => parseFloat(getComputedStyle(e).fontSize))),
      /** Text outside its panel or the window: sideways, or (on a screen that cannot scroll) below. */
      cut: cutBy(true),
      cutSideways: cutBy(false),
      yearLabels: document.querySelectorAll('.track-year-label').length,
      overlappingLabels: overlapping.length,
      /** How far the panels reach across and down the window: a 4K screen must be filled, not a corner of it. */
      filled: Math.min(
        (Math.max(...panels.map((r) => r.right)) - Math.min(...panels.map((r) => r.left))) / window.innerWidth,
        Math.max(...panels.map((r) => r.bottom)) / window.innerHeight,
      ),
    };
  });

/** What would need scrolling: the page beyond the window, or a panel beyond its box. */
const overflow = () =>
  page.evaluate(() => ({
    page:
      document.documentElement.scrollHeight > window.innerHeight ||
      document.documentElement.scrollWidth > window.innerWidth,
    panels: [...document.querySelectorAll<HTMLElement>('.panel')]
      .filter((panel) => panel.scrollHeight > panel.clientHeight + 1 || panel.scrollWidth > panel.clientWidth + 1)
      .map((panel) => panel.className),
  }));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steerlog-web-test-'));
  // Build this checkout's client, so the test never runs against a stale dist.
  await build({ root: webRoot, logLevel: 'silent', build: { outDir: join(dir, 'web'), emptyOutDir: true } });
  server = await startOn(join(dir, 'steerlog.db'));
  viewer = await server.createToken('viewer', 'room-display');
  coordinator = await server.createToken('coordinator', 'becky');
  context = await launchChromium(join(dir, 'profile'), { width: 1920, height: 1080 });
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
      await expectAsServed(programmeId);
      expect(await overflow()).toEqual({ page: false, panels: [] });
      expect(await seriousViolations()).toEqual([]);
    },
  );

  it.each([
    [1280, 720, 16],
    [1920, 1080, 24],
    [3840, 2160, 48],
  ])(
    'scales with a %dx%d screen: no scrolling, nothing cut, text at least %d px, no labels touching',
    async (width, height, px) => {
      await page.setViewportSize({ width, height });
      try {
        for (const programmeId of ['dundee-tsg', 'trauma-informed-somerset', 'nttp-readiness']) {
          await page.goto(`${server.url}/display/${programmeId}`);
          await expect.poll(() => status().innerText()).toBe('Live');
          const measured = await layout();
          expect(measured, programmeId).toMatchObject({ scrolls: false, cut: [], overlappingLabels: 0 });
          expect(measured.smallestText, programmeId).toBeGreaterThanOrEqual(px - 0.01);
          expect(measured.yearLabels, programmeId).toBeGreaterThan(0);
          expect(measured.filled, programmeId).toBeGreaterThan(0.95);
          await expectAsServed(programmeId);
        }
      } finally {
        await page.setViewportSize({ width: 1920, height: 1080 });
      }
    },
  );

  it('reflows on a 320 px wide screen: one column, nothing wider than the window', async () => {
    await page.setViewportSize({ width: 320, height: 640 });
    try {
      await page.goto(`${server.url}/display/dundee-tsg`);
      await expect.poll(() => status().innerText()).toBe('Live');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      expect((await layout()).cutSideways).toEqual([]);
      expect(await seriousViolations()).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1920, height: 1080 });
    }
  });

  it('can be pinned to a date with ?asOf=, and says so', async () => {
    await page.goto(`${server.url}/display/dundee-tsg?asOf=2022-06-22`);
    await expect.poll(() => status().innerText()).toBe('Live');
    expect(await page.locator('.display-pin').innerText()).toBe('As it stood on 22 Jun 2022');
    await expectAsServed('dundee-tsg', '?asOf=2022-06-22');
    expect(await page.locator('.just-recorded').count()).toBe(0);
    await page.goto(`${server.url}/display/dundee-tsg?asOf=22/06/2022`);
    await expect.poll(() => page.locator('h1').innerText()).toBe('That date is not one the display can show');
  });

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
    // Not all twenty fit at a size the back of the room can read: those shown agree with the
    // server, every workstream keeps at least one, and the rest are counted on screen.
    const onScreen = await expectAsServed(id);
    expect(Object.keys(onScreen.milestones).length).toBeGreaterThanOrEqual(5);
    expect(await overflow()).toEqual({ page: false, panels: [] });
    expect(await layout()).toMatchObject({ scrolls: false, cut: [], overlappingLabels: 0 });
  });

  it("shows the current round's returns beside the ratings, and a rating a report re-affirmed, at every screen size", async () => {
    const id = 'round-programme';
    const report = (partnerId: string, on: string, rag: 'green' | 'amber'): Command => ({
      type: 'SubmitHighlightReport',
      data: {
        partnerId,
        lead: 'Lead',
        summary: 'Report',
        successes: [],
        challenges: [],
        upcoming: [],
        roundId: 'q1',
        rag,
      },
      occurredAt: on,
    });
    const commands: Command[] = [
      { type: 'LaunchProgramme', data: { name: 'Exampleshire Reporting Partnership' }, occurredAt: '2024-04-01' },
      ...Array.from({ length: 8 }, (_, i): Command => ({
        type: 'AddPartner',
        data: {
          partnerId: `partner-${i}`,
          name: `Exampleshire Health and Social Care Partnership ${i}`,
          sector: 'nhs',
        },
        occurredAt: '2024-04-01',
      })),
      {
        type: 'ChangeRag',
        data: { subject: { kind: 'partner', id: 'partner-0' }, rag: 'green', reason: 'First rating' },
        occurredAt: '2024-05-01',
      },
      {
        type: 'OpenReportingRound',
        data: {
          roundId: 'q1',
          title: 'Q1 2024/25',
          periodFrom: '2024-04-01',
          periodTo: '2024-06-30',
          dueOn: '2024-07-10',
        },
        occurredAt: '2024-07-01',
      },
      report('partner-0', '2024-07-05', 'green'),
      report('partner-1', '2024-07-20', 'amber'),
    ];
    for (const command of commands) await send(id, command);
    for (const [width, height, px] of [
      [1280, 720, 16],
      [1920, 1080, 24],
      [3840, 2160, 48],
    ] as const) {
      await page.setViewportSize({ width, height });
      try {
        await page.goto(`${server.url}/display/${id}`);
        await expect.poll(() => status().innerText()).toBe('Live');
        const row = (i: number) => page.locator(`.partner-table tbody tr[data-id="partner-${i}"]`).innerText();
        expect(await row(0)).toContain('Partnership 0 · report in · rating re-affirmed');
        expect(await row(1)).toContain('Partnership 1 · report late');
        expect(await row(2)).toContain('Partnership 2 · report overdue');
        const measured = await layout();
        expect(measured, `${width}x${height}`).toMatchObject({ scrolls: false, cut: [], overlappingLabels: 0 });
        expect(measured.smallestText, `${width}x${height}`).toBeGreaterThanOrEqual(px - 0.01);
        if (width === 1920) await docsShot(page, 'display-round');
      } finally {
        await page.setViewportSize({ width: 1920, height: 1080 });
      }
    }
  });

  it('shows decisions as they are recorded, and carries on through a server restart', async () => {
    await page.goto(`${server.url}/display/dundee-tsg`);
    await expect.poll(() => status().innerText()).toBe('Live');
    await send('dundee-tsg', {
      type: 'OpenMeeting',
      data: {
        meetingId: 'browser-test',
        title: 'Browser test board',
        attendees: [],
        agenda: [{ itemId: 'training', title: 'Training update', kind: 'report' }],
      },
    });
    await send('dundee-tsg', { type: 'StartAgendaItem', data: { meetingId: 'browser-test', itemId: 'training' } });
    // The room sees where the meeting is on its agenda (matters arising was put first).
    await expect.poll(() => page.locator('.agenda-now').innerText()).toMatch(/Now: item 2 of 2, Training update$/);
    await send('dundee-tsg', { type: 'RecordDecision', data: { summary: 'Recorded while the room watches' } });
    await send('dundee-tsg', {
      type: 'ChangeRag',
      data: { subject: { kind: 'partner', id: 'nhs-tayside' }, rag: 'red', reason: 'Backfill not funded' },
    });
    await expect.poll(() => page.locator('#meeting-heading').innerText()).toMatch(/Meeting in progress/);
    await expect.poll(() => page.locator('.decisions li').allInnerTexts()).toEqual(['Recorded while the room watches']);
    // What was just recorded is marked apart from what changed since the last meeting.
    await expect
      .poll(() => page.locator('.just-recorded li').allInnerTexts())
      .toEqual([
        expect.stringMatching(/^\d\d:\d\d RAG: NHS Tayside AMBER → RED$/),
        expect.stringMatching(/^\d\d:\d\d Decision: Recorded while the room watches$/),
      ]);
    expect(await page.locator('.partner-table tr.just').innerText()).toMatch(/^JUST NOW\s*NHS Tayside/);
    expect(await page.locator('.partner-table tr.changed').count()).toBe(0);
    // A "was" column came with the re-rating; nothing is pushed out of the panel by it.
    expect(await overflow()).toEqual({ page: false, panels: [] });
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

  it('lists the open questions to the board while the meeting is open, at every screen size without scrolling', async () => {
    // The meeting opened by the test before is still open on dundee-tsg.
    for (const [issueId, title, addressedTo] of [
      ['q-funding', 'Who funds the coordinator after March?', 'board'],
      ['q-data', 'Can partners share referral data?', 'board'],
      ['q-group', 'A question for the steering group only', 'steering-group'],
    ] as const)
      await send('dundee-tsg', { type: 'RaiseIssue', data: { issueId, kind: 'question', title, addressedTo } });
    await send('dundee-tsg', {
      type: 'RespondToIssue',
      data: { issueId: 'q-data', response: 'Yes, under the new agreement', status: 'answered' },
    });
    await page.goto(`${server.url}/display/dundee-tsg`);
    await expect.poll(() => status().innerText()).toBe('Live');
    await expect
      .poll(() => page.locator('.questions li').allInnerTexts())
      .toEqual(['Who funds the coordinator after March?']);
    for (const [width, height, px] of [
      [1280, 720, 16],
      [1920, 1080, 24],
      [3840, 2160, 48],
    ] as const) {
      await page.setViewportSize({ width, height });
      try {
        await page.goto(`${server.url}/display/dundee-tsg`);
        await expect.poll(() => status().innerText()).toBe('Live');
        await expect.poll(() => page.locator('.questions li').count()).toBeGreaterThan(0);
        const measured = await layout();
        expect(measured, `${width}x${height}`).toMatchObject({ scrolls: false, cut: [], overlappingLabels: 0 });
        expect(measured.smallestText).toBeGreaterThanOrEqual(px - 0.01);
      } finally {
        await page.setViewportSize({ width: 1920, height: 1080 });
      }
    }
    await send('dundee-tsg', {
      type: 'RespondToIssue',
      data: { issueId: 'q-funding', response: 'Agreed at the board', status: 'resolved' },
    });
    await expect.poll(() => page.locator('.questions li').count()).toBe(0);
  });

  it('marks illustrative values in a word, and leaves facts unmarked', async () => {
    const id = 'illustrative-display';
    const commands: Command[] = [
      { type: 'LaunchProgramme', data: { name: 'Illustrative programme' }, occurredAt: '2024-04-01' },
      {
        type: 'AddPartner',
        data: { partnerId: 'example-council', name: 'Example Council', sector: 'local-authority' },
        occurredAt: '2024-04-01',
      },
      {
        type: 'AddPartner',
        data: { partnerId: 'real-trust', name: 'Real Trust', sector: 'nhs' },
        occurredAt: '2024-04-01',
      },
      {
        type: 'ChangeRag',
        data: { subject: { kind: 'partner', id: 'example-council' }, rag: 'amber', reason: 'An example' },
        occurredAt: '2024-05-01',
        illustrative: true,
      },
      { type: 'CreateWorkstream', data: { workstreamId: 'ws', name: 'Training' }, occurredAt: '2024-04-01' },
      {
        type: 'AddMilestone',
        data: { milestoneId: 'example', workstreamId: 'ws', title: 'Example milestone', dueOn: '2024-09-30' },
        occurredAt: '2024-04-01',
        illustrative: true,
      },
      {
        type: 'AddMilestone',
        data: { milestoneId: 'fact', workstreamId: 'ws', title: 'Recorded milestone', dueOn: '2024-10-31' },
        occurredAt: '2024-04-01',
      },
    ];
    for (const command of commands) await send(id, command);
    await page.goto(`${server.url}/display/${id}`);
    await expect.poll(() => status().innerText()).toBe('Live');
    const tagIn = (selector: string) => page.locator(`${selector} .illustrative-tag`);
    // A word, not a colour: it is read out and printed as "Illustrative".
    expect(await tagIn('.partner-table tr[data-id="example-council"]').innerText()).toMatch(/^illustrative$/i);
    expect(await tagIn('.partner-table tr[data-id="real-trust"]').count()).toBe(0);
    expect(await tagIn('.milestone[data-id="example"]').innerText()).toMatch(/^illustrative$/i);
    expect(await tagIn('.milestone[data-id="fact"]').count()).toBe(0);
    expect(await overflow()).toEqual({ page: false, panels: [] });
  });

  it('broke no rule of the content security policy', () => {
    // While the server was down the browser logged its refused reconnections; anything else is a fault.
    expect(consoleErrors.filter((e) => !e.includes('WebSocket connection'))).toEqual([]);
  });
});
