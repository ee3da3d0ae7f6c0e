import { launchChromium } from './chromium.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Smtp, TestServer } from '@steerlog/server';
import { startSmtp, startTestServer } from '@steerlog/server';
import type { BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsShot } from './docs-images.js';

/*
 * A reporting round walked in the browser: the coordinator's tracker and reminder button, a real
 * SMTP server receiving the reminder, and the partner lead following the mail's link to the form.
 */

const webRoot = fileURLToPath(new URL('..', import.meta.url));
const P = 'testshire';

let dir: string;
let server: TestServer;
let smtp: Smtp;
let context: BrowserContext;
const tokens = { coordinator: '', partner: '' };

const today = new Date().toISOString().slice(0, 10);
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const dueOn = addDays(today, 7);

const post = async (body: unknown, token = tokens.coordinator) => {
  const res = await fetch(`${server.url}/api/programmes/${P}/commands`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(201);
};

const eventually = <T>(read: () => Promise<T> | T, timeout = 5_000) => expect.poll(read, { timeout });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steerlog-rounds-web-'));
  await build({ root: webRoot, logLevel: 'silent', build: { outDir: join(dir, 'web'), emptyOutDir: true } });
  smtp = await startSmtp();
  server = await startTestServer({
    demo: false,
    webRoot: join(dir, 'web'),
    mail: { smtpUrl: smtp.url, from: 'steerlog@testshire.example' },
    reminderIntervalMs: 0,
  });
  tokens.coordinator = await server.createToken('coordinator', 'becky');
  await post({ type: 'LaunchProgramme', data: { name: 'Trauma-informed Testshire' } });
  for (const c of [
    {
      type: 'AddPartner',
      data: { partnerId: 'council', name: 'Testshire Council', sector: 'local-authority' },
      occurredAt: addDays(today, -60),
    },
    {
      type: 'AddPartner',
      data: { partnerId: 'trust', name: 'Testshire NHS Trust', sector: 'nhs' },
      occurredAt: addDays(today, -60),
    },
    {
      type: 'AddPerson',
      data: { personId: 'ann', name: 'Ann Lead', email: 'ann@council.example', partnerId: 'council' },
    },
    { type: 'AddPerson', data: { personId: 'tom', name: 'Tom Lead', email: 'tom@trust.example', partnerId: 'trust' } },
    {
      type: 'SubmitHighlightReport',
      data: {
        partnerId: 'trust',
        lead: 'Tom Lead',
        summary: 'Last quarter',
        successes: [],
        challenges: [],
        upcoming: [{ title: 'Tier 2 training for ward managers', dueOn: addDays(today, 60) }],
      },
      occurredAt: addDays(today, -40),
    },
    {
      type: 'OpenReportingRound',
      data: { roundId: 'q1', title: 'Q1 reports', periodFrom: addDays(today, -30), periodTo: today, dueOn },
    },
    {
      type: 'SubmitHighlightReport',
      data: {
        partnerId: 'council',
        lead: 'Ann Lead',
        summary: 'On track',
        successes: [],
        challenges: [],
        upcoming: [],
        roundId: 'q1',
        rag: 'green',
      },
    },
  ])
    await post(c);
  tokens.partner = await server.createToken('partner', 'tom', 'trust', P);
  context = await launchChromium(join(dir, 'profile'));
  context.setDefaultTimeout(5_000);
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  await smtp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const open = async (url: string, token: string): Promise<Page> => {
  const page = await context.newPage();
  await page.goto(`${url}${url.includes('?') ? '&' : '?'}token=${token}`);
  return page;
};

const rowOf = (page: Page, partner: string) => page.locator('.round tbody tr', { hasText: partner });

describe('a reporting round in the browser', () => {
  it("shows the coordinator who has reported, reminds the missing partner, and the lead lands on the form from the mail's link", async () => {
    const tracker = await open(`${server.url}/p/${P}/rounds`, tokens.coordinator);
    await eventually(() => rowOf(tracker, 'Testshire Council').innerText()).toMatch(/Submitted/);
    expect(await rowOf(tracker, 'Testshire NHS Trust').innerText()).toMatch(/Outstanding/);
    expect(await tracker.locator('.partner-people', { hasText: 'Testshire NHS Trust' }).innerText()).toMatch(
      /Tom Lead\s+tom@trust\.example/,
    );

    await tracker.getByRole('button', { name: 'Remind now' }).click();
    await eventually(() => tracker.locator('.round .form-status').innerText()).toBe('Sent to 1 person.');
    await eventually(() => rowOf(tracker, 'Testshire NHS Trust').innerText()).toMatch(/reminder to Tom Lead/);
    expect(smtp.received.map((m) => m.to)).toEqual(['tom@trust.example']);
    await docsShot(tracker, 'rounds-tracker', { top: true });

    // The partner lead opens the link in the mail.
    const link = /https?:\/\/\S+\/report\?round=q1/.exec(smtp.received[0]!.text)?.[0];
    expect(link).toBe(`${server.url}/p/${P}/report?round=q1`);
    const lead = await open(link!, tokens.partner);
    await eventually(() => lead.locator('.round-due').innerText()).toMatch(/^Your report for Q1 reports is due on /);
    expect(await lead.locator('.partner-actions').innerText()).toMatch(/No actions are assigned/);
    expect(await lead.locator('.partner-people').innerText()).toMatch(/Our people\s+Tom Lead/);
    // Upcoming milestones start from the last report's.
    expect(await lead.getByLabel('Milestone 1', { exact: true }).inputValue()).toBe(
      'Tier 2 training for ward managers',
    );
    expect(await lead.locator('#partner-report').getByLabel('Lead', { exact: true }).inputValue()).toBe('Tom Lead');
    await lead.getByLabel('Project summary').fill('Ward managers booked; one trainer off sick.');
    await lead.locator('#partner-report').getByRole('radio', { name: 'Amber' }).check();
    await docsShot(lead, 'round-report', { top: true });
    await lead.getByRole('button', { name: 'Submit report' }).click();
    await eventually(() => lead.locator('.round-due').innerText()).toMatch(
      /^Your report for Q1 reports was submitted on /,
    );

    await eventually(() => rowOf(tracker, 'Testshire NHS Trust').innerText()).toMatch(/Submitted/);
    expect(await tracker.getByRole('button', { name: 'Remind now' }).isDisabled()).toBe(true);
  });

  it('shows the last send failure when the SMTP server refuses', async () => {
    await post({
      type: 'OpenReportingRound',
      data: { roundId: 'q2', title: 'Q2 reports', periodFrom: today, periodTo: today, dueOn: addDays(today, 30) },
    });
    const tracker = await open(`${server.url}/p/${P}/rounds`, tokens.coordinator);
    const q2 = tracker.locator('.round', { hasText: 'Q2 reports' });
    await eventually(() => q2.count()).toBe(1);
    smtp.state.refuse = true;
    await q2.getByRole('button', { name: 'Remind now' }).click();
    await eventually(() => q2.locator('.alert').innerText()).toMatch(
      /Last send failure: reminder to .*mailbox unavailable/,
    );
    smtp.state.refuse = false;
  });
});
