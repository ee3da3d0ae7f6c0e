import { launchChromium } from './chromium.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestServer } from '@steerlog/server';
import { startTestServer } from '@steerlog/server';
import type { BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsShot } from './docs-images.js';

/*
 * Outcomes, issues and corrections (issue 16), walked in Chromium by a coordinator on the demo
 * programme: an indicator defined through its form and charted, the issues register filtered,
 * an entry corrected from the overview. Screenshots for docs/user-guide.md are taken on the way.
 */

const webRoot = fileURLToPath(new URL('..', import.meta.url));
const P = 'dundee-tsg';

let dir: string;
let server: TestServer;
let context: BrowserContext;
let coordinator = '';
const consoleErrors: string[] = [];

type Envelope = {
  id: string;
  type: string;
  data: Record<string, unknown>;
  meta: Record<string, unknown>;
  position: number;
};

const send = async (command: Record<string, unknown>) => {
  const response = await fetch(`${server.url}/api/programmes/${P}/commands`, {
    method: 'POST',
    headers: { authorization: `Bearer ${coordinator}`, 'content-type': 'application/json' },
    body: JSON.stringify(command),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as { events: Envelope[] };
};
const stateOf = async () =>
  (await (
    await fetch(`${server.url}/api/programmes/${P}/state`, { headers: { authorization: `Bearer ${coordinator}` } })
  ).json()) as { indicators: { indicatorId: string; name: string; status: string }[]; issues: unknown[] };
const lastEvents = async (n: number): Promise<Envelope[]> => {
  const events: Envelope[] = [];
  for (let after: number | null = 0; after !== null;) {
    const res = await fetch(`${server.url}/api/programmes/${P}/events?after=${after}&limit=1000`, {
      headers: { authorization: `Bearer ${coordinator}` },
    });
    const page = (await res.json()) as { events: Envelope[]; next: number | null };
    events.push(...page.events);
    after = page.next;
  }
  return events.slice(-n);
};

const eventually = <T>(read: () => Promise<T> | T, timeout = 5_000) => expect.poll(read, { timeout });

const tab = async (path: string): Promise<Page> => {
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) consoleErrors.push(m.text());
  });
  await page.goto(`${server.url}${path}${path.includes('?') ? '&' : '?'}token=${coordinator}`);
  await eventually(() => page.getByRole('status').first().innerText()).toBe('Live');
  return page;
};

const fillDate = async (page: Page, id: string, date: string) => {
  const [year, month, day] = date.split('-');
  await page.locator(`#${id}`).fill(String(Number(day)));
  await page.locator(`#${id}-month`).fill(String(Number(month)));
  await page.locator(`#${id}-year`).fill(year!);
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steerlog-outcomes-'));
  await build({ root: webRoot, logLevel: 'silent', build: { outDir: join(dir, 'web'), emptyOutDir: true } });
  server = await startTestServer({ demo: true, webRoot: join(dir, 'web') });
  coordinator = await server.createToken('coordinator', 'becky');
  context = await launchChromium(join(dir, 'profile'));
  context.setDefaultTimeout(5_000);
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('outcome indicators', () => {
  it('defines an indicator through its form, refuses a target in the wrong direction, and charts it with its status', async () => {
    const page = await tab(`/p/${P}/record?command=DefineIndicator`);
    const form = page.locator('#form-DefineIndicator');
    await form.getByLabel('Name').fill('Staff trained at level 1');
    await form.getByLabel('Unit').selectOption('percent');
    await form.getByLabel('Higher').check();
    await form.locator('#form-DefineIndicator-baseline').fill('40');
    await fillDate(page, 'form-DefineIndicator-baseline-on', '2024-01-01');
    await form.locator('#form-DefineIndicator-target').fill('20');
    await fillDate(page, 'form-DefineIndicator-target-by', '2025-12-31');
    await form.getByLabel('Owner').selectOption('dundee-city-council');
    await form.getByRole('button', { name: 'Define indicator' }).click();
    // The server refuses it (a target below the baseline of an indicator to increase) and the form says why.
    await eventually(() => page.getByRole('alert').first().innerText()).toMatch(/below its baseline/);
    await form.locator('#form-DefineIndicator-target').fill('80');
    await form.getByRole('button', { name: 'Define indicator' }).click();
    // The demo has an indicator of its own (Dundee's managers briefed); this one is the new one.
    const staffTrained = async () => (await stateOf()).indicators.filter((i) => i.name === 'Staff trained at level 1');
    await eventually(async () => (await staffTrained()).length).toBe(1);
    const { indicatorId } = (await staffTrained())[0]!;
    for (const [value, on] of [
      [45, '2024-06-30'],
      [52, '2024-12-31'],
    ] as const)
      await send({ type: 'RecordMeasurement', data: { indicatorId, value, on } });

    await page.goto(`${server.url}/p/${P}/indicators`);
    const section = page.locator('section.indicator', { hasText: 'Staff trained at level 1' });
    await eventually(() => section.locator('h3').innerText()).toMatch(/Staff trained at level 1\s+Off track/);
    await eventually(() => section.locator('.recharts-line').count()).toBe(2);
    expect(await section.locator('.meta').innerText()).toMatch(
      /Baseline 40% on 1 Jan 2024\. Target 80% by 31 Dec 2025/,
    );
    await docsShot(page, 'indicators', { top: true });
  });
});

describe('issues and asks', () => {
  it('raises an issue through its form and filters the register by kind, status and addressee', async () => {
    await send({
      type: 'RaiseIssue',
      data: {
        issueId: 'backfill',
        kind: 'barrier',
        title: 'No backfill for staff on training days',
        raisedByPartnerId: 'nhs-tayside',
      },
    });
    await send({
      type: 'RaiseIssue',
      data: {
        issueId: 'ask-evaluation',
        kind: 'support-request',
        title: 'Evaluation support from the national team',
        addressedTo: 'national',
      },
    });
    await send({
      type: 'RespondToIssue',
      data: { issueId: 'backfill', response: 'Funded from the 2024/25 allocation', status: 'resolved' },
    });
    const page = await tab(`/p/${P}/record?command=RaiseIssue`);
    const form = page.locator('#form-RaiseIssue');
    await form.getByLabel('Question').check();
    await form.getByLabel('Title').fill('Can the board fund a second coordinator?');
    await form.getByLabel('For').selectOption('board');
    await form.getByRole('button', { name: 'Raise issue' }).click();
    await eventually(async () => (await stateOf()).issues.length).toBe(3);

    await page.goto(`${server.url}/p/${P}/issues`);
    const count = page.getByRole('status').filter({ hasText: 'issues' });
    await eventually(() => count.innerText()).toBe('3 of 3 issues');
    await page.getByLabel('Kind').selectOption('question');
    await eventually(() => count.innerText()).toBe('1 of 3 issues');
    await page.getByLabel('Kind').selectOption('');
    await page.getByLabel('Status').selectOption('open');
    await eventually(() => count.innerText()).toBe('2 of 3 issues');
    await page.getByLabel('For', { exact: true }).selectOption('national');
    await eventually(() => page.locator('.issues-table tbody tr').allInnerTexts()).toEqual([
      expect.stringMatching(/Support requested\s+Evaluation support from the national team/),
    ]);
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('For', { exact: true }).selectOption('');
    await docsShot(page, 'issues-register', { top: true });
  });
});

describe('corrections', () => {
  it('corrects an entry from the overview in one step, and the log shows what it replaced', async () => {
    const [measured] = (
      await send({
        type: 'RecordMeasurement',
        data: {
          indicatorId: (await stateOf()).indicators.find((i) => i.name === 'Staff trained at level 1')!.indicatorId,
          value: 61,
          on: '2025-03-31',
          note: 'Quarterly return',
        },
      })
    ).events as [Envelope];
    const page = await tab(`/p/${P}`);
    await page
      .locator('.recent-entries li', { hasText: `#${measured.position}` })
      .getByRole('link', { name: /Correct/ })
      .click();
    await eventually(() => page.locator('h2.page-title').innerText()).toBe('Correct an entry');
    const form = page.locator(`#correct-${measured.id}`);
    // The entry's own form, filled in as it was recorded.
    expect(await form.getByLabel('Value', { exact: true }).inputValue()).toBe('61');
    await form.getByLabel('Value', { exact: true }).fill('16');
    const reason = page.getByLabel('Why it is being corrected');
    await reason.fill('Digits swapped: the return says 16%');
    await docsShot(page, 'correction', { top: true });
    // Without a reason it is not sent.
    await reason.fill('');
    await form.getByRole('button', { name: 'Record measurement' }).click();
    await eventually(() => page.getByRole('alert').first().innerText()).toMatch(/why it is being corrected/);
    await reason.fill('Digits swapped: the return says 16%');
    await form.getByRole('button', { name: 'Record measurement' }).click();
    await eventually(async () => (await lastEvents(2)).map((e) => e.type)).toEqual([
      'EventRetracted',
      'MeasurementRecorded',
    ]);
    const [retraction, replacement] = await lastEvents(2);
    expect(retraction!.data).toMatchObject({ eventId: measured.id, reason: 'Digits swapped: the return says 16%' });
    expect(replacement!.meta['correctionOf']).toBe(measured.id);
    expect(replacement!.data).toMatchObject({ value: 16, on: '2025-03-31', note: 'Quarterly return' });
    await page.getByRole('link', { name: 'See it in the event log' }).click();
    await eventually(() => page.locator(`tr[data-position="${replacement!.position}"]`).innerText()).toMatch(
      new RegExp(`Corrects #${measured.position}, which said: .Measurement: Staff trained at level 1 61%`),
    );
    await docsShot(page, 'correction-in-log', { top: true });
  });

  /** Uploads a text file about Dundee City Council as evidence; its id. */
  const uploadText = async (fileName: string, bytes: string) => {
    const upload = await fetch(
      `${server.url}/api/programmes/${P}/evidence?fileName=${fileName}&about=partner:dundee-city-council`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${coordinator}`, 'content-type': 'text/plain' },
        body: bytes,
      },
    );
    expect(upload.status).toBe(201);
    return ((await upload.json()) as { evidenceId: string }).evidenceId;
  };

  it('shows the evidence a decision cites on the overview, and downloads its bytes', async () => {
    const bytes = 'Minute of the steering group: tier 2 agreed.\n';
    const evidenceId = await uploadText('sg-minute.txt', bytes);
    await send({ type: 'RecordDecision', data: { summary: 'Agree tier 2 for schools', evidenceIds: [evidenceId] } });
    const page = await tab(`/p/${P}`);
    const decision = page.locator('li', { hasText: 'Agree tier 2 for schools' });
    const button = decision.getByRole('button', { name: `Evidence: sg-minute.txt (${bytes.length} bytes)` });
    await eventually(() => button.count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe('sg-minute.txt');
    expect(readFileSync(await download.path(), 'utf8')).toBe(bytes);
  });

  it('shows the evidence a highlight report cites beside the partner’s last report', async () => {
    const bytes = 'Dundee training register, Q3\n';
    const evidenceId = await uploadText('dundee-register.txt', bytes);
    await send({
      type: 'SubmitHighlightReport',
      data: {
        partnerId: 'dundee-city-council',
        lead: 'Report Lead',
        summary: 'Register attached.',
        successes: [],
        challenges: [],
        upcoming: [],
        evidenceIds: [evidenceId],
      },
    });
    const page = await tab(`/p/${P}`);
    const row = page.locator('tr', { has: page.getByRole('rowheader', { name: /Dundee City Council/ }) });
    const button = row.getByRole('button', { name: `Evidence: dundee-register.txt (${bytes.length} bytes)` });
    await eventually(() => button.count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(readFileSync(await download.path(), 'utf8')).toBe(bytes);
  });

  it('attaches a new file from a form’s evidence list, with its progress, and the entry cites it', async () => {
    const page = await tab(`/p/${P}/record?command=RecordTraining`);
    const form = page.locator('#form-RecordTraining');
    await form.getByLabel('Delivered by').selectOption('nhs-tayside');
    // What the file is about follows the form: the partner chosen.
    await expect.poll(() => form.getByLabel('New file is about').inputValue()).toBe('partner:nhs-tayside');
    const bytes = Buffer.from('Level 1 attendance register, March\n');
    await form
      .getByLabel(/Attach a new file/)
      .setInputFiles({ name: 'register.csv', mimeType: 'text/csv', buffer: bytes });
    await eventually(() => form.getByRole('status').first().innerText()).toBe(
      'Attached register.csv; it is ticked above.',
    );
    await eventually(() => form.getByRole('checkbox', { name: 'register.csv' }).isChecked()).toBe(true);
    await form.getByRole('group', { name: /^Evidence/ }).evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await docsShot(page, 'evidence-upload');
    // An empty file is refused before anything is sent.
    await form
      .getByLabel(/Attach a new file/)
      .setInputFiles({ name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
    await eventually(() => form.getByRole('status').first().innerText()).toMatch(/empty\.txt is empty/);

    await form.getByLabel('Level').selectOption('1');
    await form.getByLabel('Audience').fill('Ward managers');
    await form.getByLabel('Attendees').fill('23');
    await fillDate(page, 'form-RecordTraining-deliveredOn', '2026-11-20');
    await form.getByRole('button', { name: 'Record training' }).click();
    await eventually(async () => (await lastEvents(1))[0]?.type).toBe('TrainingDelivered');
    const [attached, trained] = await lastEvents(2);
    expect(attached!).toMatchObject({
      type: 'EvidenceAttached',
      data: { fileName: 'register.csv', mediaType: 'text/csv', bytes: bytes.length, about: 'partner:nhs-tayside' },
    });
    expect(trained!.data).toMatchObject({ partnerId: 'nhs-tayside', evidenceIds: [attached!.data['evidenceId']] });
  });

  it('shows a closed workstream as closed and merged, and how a risk’s score got where it is', async () => {
    const state = (await (
      await fetch(`${server.url}/api/programmes/${P}/state`, { headers: { authorization: `Bearer ${coordinator}` } })
    ).json()) as {
      workstreams: { workstreamId: string; name: string; status: string }[];
      risks: { riskId: string; title: string; score: number; status: string }[];
    };
    const kept = state.workstreams.find((w) => w.status === 'active');
    const risk = state.risks.find((r) => r.status === 'open')!;
    expect(kept, 'the demo programme has an active workstream').toBeDefined();
    await send({
      type: 'CreateWorkstream',
      data: { workstreamId: 'ws-to-merge', name: 'Short-lived pilot', leadPartnerId: 'dundee-city-council' },
    });
    await send({
      type: 'CloseWorkstream',
      data: { workstreamId: 'ws-to-merge', reason: 'Pilot folded in', mergedIntoWorkstreamId: kept!.workstreamId },
    });
    await send({ type: 'RescoreRisk', data: { riskId: risk.riskId, likelihood: 1, impact: 2, reason: 'Post filled' } });
    const page = await tab(`/p/${P}`);
    const block = page.locator('.workstream-block', { hasText: 'Short-lived pilot' });
    await eventually(() => block.locator('.workstream-closed').innerText()).toMatch(
      new RegExp(`CLOSED \\d+ \\w+ \\d{4}: Pilot folded in\\. Merged into ${kept!.name}\\.`),
    );
    const row = page.locator('tr', { hasText: risk.title });
    await eventually(() => row.locator('td').first().innerText()).toMatch(
      new RegExp(`^2 \\(1 × 2\\)\\s+rescored from ${risk.score} on \\d+ \\w+ \\d{4}: Post filled`),
    );
  });

  it('broke no rule of the content security policy', () => {
    expect(consoleErrors).toEqual([]);
  });
});
