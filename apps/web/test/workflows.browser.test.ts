import { launchChromium } from './chromium.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestServer } from '@steerlog/server';
import { startTestServer } from '@steerlog/server';
import type { AxeResults } from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsShot } from './docs-images.js';

/*
 * The workflows of issue 6, walked as a person would walk them: one Chromium, one server with the
 * demo programmes, one tab per person (sessionStorage, and so the token, is per tab). Screenshots
 * for docs/user-guide.md are taken along the way.
 */

const webRoot = fileURLToPath(new URL('..', import.meta.url));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const P = 'dundee-tsg';

let dir: string;
let server: TestServer;
let context: BrowserContext;
const tokens = { coordinator: '', partner: '', auditor: '', admin: '' };
/** Console errors of every tab, which include CSP violations. */
const consoleErrors: string[] = [];
/** Serious or critical axe findings, by page. */
const axeFindings: string[] = [];

const api = async (path: string, token = tokens.coordinator) => {
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status, path).toBe(200);
  return response.json() as Promise<unknown>;
};

type Envelope = { type: string; data: Record<string, unknown>; actor: string; position: number };
const allEvents = async (programmeId = P): Promise<Envelope[]> => {
  const events: Envelope[] = [];
  for (let after: number | null = 0; after !== null;) {
    const page = (await api(`/api/programmes/${programmeId}/events?after=${after}&limit=1000`)) as {
      events: Envelope[];
      next: number | null;
    };
    events.push(...page.events);
    after = page.next;
  }
  return events;
};

/** A new tab signed in as `role` (by the sign-in form's link form, `?token=`), at `path`. */
const tab = async (role: keyof typeof tokens, path: string): Promise<Page> => {
  const page = await context.newPage();
  page.on('console', (m) => {
    // Refused requests are part of these stories (a cut connection, a 403); anything else is a fault.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      consoleErrors.push(`${role}: ${m.text()}`);
  });
  await page.goto(`${server.url}${path}${path.includes('?') ? '&' : '?'}token=${tokens[role]}`);
  return page;
};

/** Runs axe on the page as it is now and keeps any serious or critical finding. */
const checkAxe = async (page: Page, name: string) => {
  await page.evaluate(axeSource);
  const results = await page.evaluate(() => (window as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run());
  for (const v of results.violations)
    if (v.impact === 'serious' || v.impact === 'critical')
      axeFindings.push(`${name}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
};

/** `expect.poll` with time for a round trip to the server and back over the live connection. */
const eventually = <T>(read: () => Promise<T> | T, timeout = 5_000) => expect.poll(read, { timeout });

/** A screenshot for the user guide, 1280x800 (only under `pnpm docs:screenshots`). */
const shot = docsShot;

const live = (page: Page) => eventually(() => page.getByRole('status').first().innerText()).toBe('Live');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steerlog-workflows-'));
  await build({ root: webRoot, logLevel: 'silent', build: { outDir: join(dir, 'web'), emptyOutDir: true } });
  server = await startTestServer({ demo: true, webRoot: join(dir, 'web') });
  tokens.coordinator = await server.createToken('coordinator', 'becky');
  tokens.partner = await server.createToken('partner', 'pat', 'dundee-city-council', P);
  tokens.auditor = await server.createToken('auditor', 'audrey');
  tokens.admin = await server.createToken('admin', 'ada');
  context = await launchChromium(join(dir, 'profile'));
  // A control that is not there fails the step in seconds, naming it, rather than timing out the test.
  context.setDefaultTimeout(5_000);
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('signing in', () => {
  it('asks for a token, refuses an unknown one, keeps a good one for the tab only, and signs out', async () => {
    const page = await context.newPage();
    await page.goto(server.url);
    const token = page.getByLabel('Access token');
    await eventually(() => token.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('slg_not-a-real-token');
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('.field-error').innerText()).toMatch(/not accepted/);
    await checkAxe(page, 'sign-in');
    await shot(page, 'sign-in');

    await token.fill('');
    await page.keyboard.type(tokens.coordinator);
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('.session-who').innerText()).toMatch(/becky · Coordinator/);
    await eventually(() => page.locator('tbody tr').count()).toBe(3);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    await checkAxe(page, 'programme list');
    await shot(page, 'programme-list');

    await page.getByRole('button', { name: 'Sign out' }).press('Enter');
    await eventually(() => page.getByLabel('Access token').count()).toBe(1);
    expect(await page.evaluate(() => sessionStorage.getItem('steerlog.token'))).toBeNull();
    await page.close();
  });
});

describe('a coordinator', () => {
  it('runs a meeting from open to minute by keyboard while the display follows', async () => {
    const display = await context.newPage();
    await display.goto(`${server.url}/display/${P}?token=${await server.createToken('viewer', 'room')}`);
    const page = await tab('coordinator', `/p/${P}`);
    await live(page);
    await checkAxe(page, 'overview');
    await shot(page, 'overview');

    await page.getByRole('link', { name: 'Meeting', exact: true }).press('Enter');
    const title = page.getByLabel('Title');
    await title.focus();
    await page.keyboard.type('Steering group, browser test');
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('.meeting-banner').innerText()).toMatch(
      /IN PROGRESS\s+Steering group, browser test/,
    );
    // The form that opened it is gone: the keyboard is on the banner that says the meeting is on.
    await eventually(() => page.evaluate(() => document.activeElement?.id)).toBe('meeting-now');

    // A decision: jump to it, type, Ctrl+Enter from the text box.
    await page.keyboard.press('Alt+Shift+D');
    await page.keyboard.type('Fund a second Trauma Learning and Development Officer');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Demand for level 2 training exceeds one officer');
    await page.keyboard.press('Control+Enter');
    await eventually(() => page.locator('.meeting-recorded').innerText()).toMatch(/Decision: Fund a second/);

    // An action without its date is stopped in the browser, beside the field.
    await page.keyboard.press('Alt+Shift+A');
    await page.keyboard.type('Draft the job description');
    await page.keyboard.press('Tab');
    await page.keyboard.type('W'); // type-ahead in the owner list: Women's Rape and Sexual Abuse Centre
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const action = page.locator('#meeting-action');
    await eventually(() => action.locator('.field-error').allTextContents()).toEqual(['Error: Enter due on.']);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-field'))).toBe('dueOn');
    await checkAxe(page, 'meeting mode with an error');
    // Typed, not filled: day, month and year boxes take every key a person presses.
    await page.keyboard.type('31');
    await page.keyboard.press('Tab');
    await page.keyboard.type('12');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2026');
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('.meeting-recorded').innerText()).toMatch(/Action: Draft the job description/);

    // A RAG change the server refuses (the programme is GREEN already): its reason shows by the rating.
    await page.keyboard.press('Alt+Shift+R');
    await page.keyboard.press('ArrowDown'); // the programme
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight'); // radios: red → amber
    await page.keyboard.press('ArrowRight'); // → green
    await page.keyboard.press('Tab');
    await page.keyboard.type('Still on track');
    await page.keyboard.press('Control+Enter');
    const rag = page.locator('#meeting-rag');
    await eventually(() => rag.locator('.field-error').innerText()).toMatch(/already green/i);
    await shot(page, 'meeting-refused');
    await page.locator('#meeting-rag input[value="green"]').press('ArrowLeft'); // green → amber, which the server accepts
    await rag.getByRole('button', { name: 'Change RAG' }).press('Enter');
    await eventually(() => page.locator('.meeting-recorded').innerText()).toMatch(/RAG: Programme GREEN → AMBER/);
    await checkAxe(page, 'meeting mode');
    await shot(page, 'meeting-mode', { top: true });

    // The room saw each of them as it was recorded.
    await eventually(() => display.locator('.decisions li').allInnerTexts()).toContain(
      'Fund a second Trauma Learning and Development Officer',
    );
    await eventually(() => display.locator('.display-rag').innerText()).toMatch(/AMBER\s+was GREEN/);

    await page.keyboard.press('Alt+Shift+C');
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('#minute-heading').innerText()).toBe('Minute: Steering group, browser test');
    // The close form is gone with the meeting: the keyboard is on the minute it made.
    await eventually(() => page.evaluate(() => document.activeElement?.id)).toBe('minute-heading');
    // Every item typed by keyboard was recorded, as typed.
    const inMeeting = (await allEvents()).filter((e) => e.actor === 'becky').slice(-5);
    expect(inMeeting.map((e) => e.type)).toEqual([
      'MeetingOpened',
      'DecisionRecorded',
      'ActionAssigned',
      'RagChanged',
      'MeetingClosed',
    ]);
    expect(inMeeting[1]!.data).toMatchObject({
      summary: 'Fund a second Trauma Learning and Development Officer',
      rationale: 'Demand for level 2 training exceeds one officer',
    });
    expect(inMeeting[2]!.data).toMatchObject({ title: 'Draft the job description', dueOn: '2026-12-31' });
    expect(inMeeting[3]!.data).toMatchObject({ rag: 'amber', reason: 'Still on track' });
    const items = await page.locator('.minute-items li').allInnerTexts();
    expect(items.join('\n')).toMatch(
      /Decision: Fund a second.*\n.*Action: Draft the job description.*\n.*RAG: Programme GREEN → AMBER/s,
    );
    await checkAxe(page, 'minute');
    await shot(page, 'minute');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download as Markdown' }).press('Enter'),
    ]);
    const markdown = readFileSync(await download.path(), 'utf8');
    expect(markdown).toMatch(/Fund a second Trauma Learning and Development Officer/);
    expect(download.suggestedFilename()).toMatch(/^minute-.*\.md$/);
    await display.close();
    await page.close();
  });

  it('walks a meeting’s agenda by keyboard, from opening with an agenda to approving the last minute', async () => {
    type Meeting = { meetingId: string; title: string; closedAt: string | null; approval: unknown };
    type State = { meetings: Meeting[]; people: { personId: string; name: string }[]; partners: unknown[] };
    const before = (await api(`/api/programmes/${P}/state`)) as State;
    const lastMinute = before.meetings.filter((m) => m.closedAt !== null && m.approval === null).at(-1)!;
    const [chair, second, absent] = before.people;
    expect(absent, 'the demo programme has three people to take attendance of').toBeDefined();
    // A question put to the board before the meeting: matters arising brings it up.
    const asked = await fetch(`${server.url}/api/programmes/${P}/commands`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await server.createToken('coordinator', 'cora')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        type: 'RaiseIssue',
        data: { kind: 'question', title: 'Can the board fund backfill?', addressedTo: 'board' },
      }),
    });
    expect(asked.status).toBe(201);
    const display = await context.newPage();
    await display.goto(`${server.url}/display/${P}?token=${await server.createToken('viewer', 'room')}`);
    const page = await tab('coordinator', `/p/${P}/meeting`);
    await live(page);

    // Open it with two items (matters arising comes first by itself) and a chair.
    await page.getByLabel('Title').focus();
    await page.keyboard.type('Steering group, agenda walk');
    for (let i = 0; i <= before.partners.length; i++) await page.keyboard.press('Tab'); // past each partner attending
    await page.keyboard.type('Training update');
    await page.keyboard.press('Tab');
    await page.keyboard.type('For r'); // the select's type-ahead: For report
    await page.keyboard.press('Tab');
    await page.keyboard.type('Dundee C'); // presenter: Dundee City Council
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // Add another agenda item: the keyboard goes to its first box
    await page.keyboard.type('Second officer post');
    await page.keyboard.press('Tab');
    await page.keyboard.type('For d');
    await page.keyboard.press('Tab'); // presenter: none
    await page.keyboard.press('Tab'); // Remove
    await page.keyboard.press('Tab'); // Add another
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown'); // chair: the first person
    await page.keyboard.press('Control+Enter');
    await eventually(() => page.locator('.meeting-banner').innerText()).toMatch(
      new RegExp(`IN PROGRESS\\s+Steering group, agenda walk[\\s\\S]*Chair: ${chair!.name}`),
    );
    await eventually(() => page.locator('.agenda-items > li > button').allInnerTexts()).toEqual([
      'Matters arising',
      'Training update',
      'Second officer post',
    ]);
    await expect.poll(() => page.locator('.agenda-status').innerText()).toBe('Not started: 3 items.');
    expect(await page.locator('.agenda-items > li').first().innerText()).toMatch(
      /Draft the job description[\s\S]*Questions for the board: Can the board fund backfill\?/,
    );
    // The board pack, from the banner, before the first item.
    const [pack] = await Promise.all([
      page.waitForEvent('download'),
      page
        .locator('.meeting-banner')
        .getByRole('button', { name: /^Board pack \(PDF\)/ })
        .press('Enter'),
    ]);
    expect(pack.suggestedFilename()).toMatch(/^board-pack-.*\.pdf$/);
    expect(
      readFileSync(await pack.path())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const now = (text: string) =>
      Promise.all([
        eventually(() => page.locator('.agenda-status').innerText()).toBe(`Now: ${text}`),
        eventually(() => page.locator('.agenda-current > button').innerText()).toBe(text.replace(/^.*?, /, '')),
        eventually(() => display.locator('.agenda-now').innerText()).toMatch(`Now: ${text}`),
      ]);
    await page.keyboard.press('Alt+Shift+N');
    await now('item 1 of 3, Matters arising');

    // Attendance: the first two present, the third sends apologies.
    await page.keyboard.press('Alt+Shift+T');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    for (let i = 1; i < before.people.length; i++) await page.keyboard.press('Tab'); // to the first of apologies
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Control+Enter');
    await eventually(() => page.locator('#meeting-attendance').innerText()).toMatch(
      `Recorded: present ${chair!.name}, ${second!.name}; apologies ${absent!.name}.`,
    );

    await page.keyboard.press('Alt+Shift+N');
    await now('item 2 of 3, Training update');
    await page.keyboard.press('Alt+Shift+D');
    await page.keyboard.type('Note the training update');
    await page.keyboard.press('Control+Enter');
    await eventually(() => page.locator('.meeting-recorded').innerText()).toMatch(/Decision: Note the training update/);
    await page.keyboard.press('Alt+Shift+N');
    await now('item 3 of 3, Second officer post');
    await page.keyboard.press('Alt+Shift+P'); // back a step, as a chair does when an item was missed
    await now('item 2 of 3, Training update');
    await page.keyboard.press('Alt+Shift+N');
    await now('item 3 of 3, Second officer post');
    await checkAxe(page, 'meeting mode with an agenda');
    await shot(page, 'meeting-agenda', { top: true });

    // The last minute, chosen for the coordinator, approved here.
    await page.keyboard.press('Alt+Shift+M');
    await page.keyboard.press('Control+Enter');
    await eventually(async () => {
      const state = (await api(`/api/programmes/${P}/state`)) as State;
      return state.meetings.find((m) => m.meetingId === lastMinute.meetingId)?.approval;
    }).toMatchObject({ atMeetingId: expect.any(String) });

    await page.keyboard.press('Alt+Shift+C');
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('#minute-heading').innerText()).toBe('Minute: Steering group, agenda walk');
    const minute = await page.locator('main').innerText();
    expect(minute).toMatch(chair!.name);
    expect(minute).toMatch(absent!.name);

    const inMeeting = (await allEvents()).filter((e) => e.actor === 'becky').slice(-10);
    expect(inMeeting.map((e) => e.type)).toEqual([
      'MeetingOpened',
      'AgendaItemStarted',
      'AttendanceRecorded',
      'AgendaItemStarted',
      'DecisionRecorded',
      'AgendaItemStarted',
      'AgendaItemStarted',
      'AgendaItemStarted',
      'MinutesApproved',
      'MeetingClosed',
    ]);
    const opened = inMeeting[0]!.data as { meetingId: string };
    expect(inMeeting[0]!.data).toMatchObject({
      title: 'Steering group, agenda walk',
      chairPersonId: chair!.personId,
      agenda: [
        { itemId: 'matters-arising', kind: 'matters-arising' },
        { itemId: 'item-1', title: 'Training update', kind: 'report', presenterPartnerId: 'dundee-city-council' },
        { itemId: 'item-2', title: 'Second officer post', kind: 'decision' },
      ],
    });
    expect(inMeeting.filter((e) => e.type === 'AgendaItemStarted').map((e) => e.data.itemId)).toEqual([
      'matters-arising',
      'item-1',
      'item-2',
      'item-1',
      'item-2',
    ]);
    expect(inMeeting[2]!.data).toEqual({
      meetingId: opened.meetingId,
      present: [chair!.personId, second!.personId],
      apologies: [absent!.personId],
    });
    expect(inMeeting.find((e) => e.type === 'MinutesApproved')!.data).toEqual({
      meetingId: lastMinute.meetingId,
      atMeetingId: opened.meetingId,
    });
    await display.close();
    await page.close();
  });

  it('has a form for every command, with choices from the current state and the server’s reasons by the field', async () => {
    const page = await tab('coordinator', `/p/${P}/record?command=AddMilestone`);
    await live(page);
    // Every command with a form (33), and LaunchProgramme on its own page.
    expect(await page.locator('.command-menu a').count()).toBe(34);
    const workstreams = await page.locator('#form-AddMilestone-workstreamId option').allInnerTexts();
    expect(workstreams).toEqual(expect.arrayContaining(['Implementation plan', 'Trauma ambassadors network']));
    // A financial year the domain's own zod schema refuses, caught in the browser before anything is sent.
    await page.locator('.command-menu a[href$="command=AllocateFunding"]').press('Enter');
    await page.getByLabel('Source').fill('Scottish Government NTTP');
    await page.getByLabel('Amount (£)').fill('£25,000');
    await page.getByLabel('Financial year').fill('2024/26');
    await page.getByLabel('Financial year').press('Enter');
    await eventually(() => page.locator('#form-AllocateFunding-financialYear-error').innerText()).toMatch(
      /the second year must follow the first/,
    );
    await checkAxe(page, 'record');
    await shot(page, 'record-errors');
    await page.getByLabel('Financial year').fill('2024/25');
    await page.getByLabel('Financial year').press('Enter');
    await eventually(() => page.locator('#form-AllocateFunding').getByRole('status').innerText()).toMatch(/^Recorded/);
    const allocated = (await allEvents()).filter((e) => e.type === 'FundingAllocated').at(-1);
    expect(allocated?.data).toMatchObject({ amountPence: 2_500_000, financialYear: '2024/25' });

    // Every form opens and passes axe.
    for (const type of ['AllocateFunding', 'SubmitHighlightReport', 'RetractEvent', 'RaiseRisk']) {
      await page.locator(`.command-menu a[href$="command=${type}"]`).press('Enter');
      await eventually(() => page.locator(`#form-${type}`).count()).toBe(1);
      await checkAxe(page, `record ${type}`);
    }
    await page.close();
  });

  it('never loses a command when the connection drops, and it is recorded exactly once', async () => {
    const page = await tab('coordinator', `/p/${P}/record?command=AddMilestone`);
    await live(page);
    let online = false;
    let attempts = 0;
    await page.route('**/api/programmes/*/commands', async (route) => {
      attempts++;
      if (attempts === 1) {
        // The command reaches the server, but its answer is lost on the way back.
        await route.fetch();
        return route.abort('connectionreset');
      }
      return online ? route.continue() : route.abort('internetdisconnected');
    });
    await page.getByLabel('Workstream').selectOption('implementation-plan');
    await page.getByLabel('Title', { exact: true }).fill('Offline-proof milestone');
    await page.locator('#form-AddMilestone-dueOn').fill('30');
    await page.locator('#form-AddMilestone-dueOn-month').fill('9');
    await page.locator('#form-AddMilestone-dueOn-year').fill('2026');
    await page.locator('#form-AddMilestone-dueOn-year').press('Enter');
    await eventually(() => page.locator('.outbox').innerText()).toMatch(
      /PENDING Add a milestone: Offline-proof milestone/,
    );
    await eventually(() => attempts).toBeGreaterThanOrEqual(2);
    await shot(page, 'pending', { top: true });

    // Even a reload keeps it: the queue is in sessionStorage.
    await page.reload();
    await eventually(() => page.locator('.outbox').innerText()).toMatch(
      /PENDING Add a milestone: Offline-proof milestone/,
    );
    online = true;
    // "Try now" skips the backoff; a retry that got through first takes the button away, which is fine too.
    await page
      .getByRole('button', { name: 'Try now' })
      .click({ timeout: 2_000 })
      .catch(() => undefined);
    await eventually(() => page.locator('.outbox').isHidden(), 10_000).toBe(true);
    const added = (await allEvents()).filter(
      (e) => e.type === 'MilestoneAdded' && e.data['title'] === 'Offline-proof milestone',
    );
    expect(added).toHaveLength(1);
    expect(attempts).toBeGreaterThanOrEqual(3);
    await page.close();
  });
});

describe('a partner lead', () => {
  it('submits their highlight report and changes their own RAG, and is refused another partner’s', async () => {
    const page = await tab('partner', `/p/${P}/report`);
    await live(page);
    expect(
      (await page.locator('.tabs a').allInnerTexts()).map((t) =>
        t.split('\n')[0]!.replace(' (opens in a new tab)', ''),
      ),
    ).toEqual(['Overview', 'Our report', 'Charts', 'Indicators', 'Issues and asks', 'Meeting display']);
    const report = page.locator('#partner-report');
    await report.getByLabel('Lead', { exact: true }).fill('Lead Officer, Protecting People');
    await report.getByLabel('Project summary').fill('Level 1 and 2 roll-out on plan across council services');
    await report.getByLabel('Successes').fill('141 managers briefed\nTrauma champions network started');
    await report.getByLabel(/Current challenges/).fill('Backfill for staff attending training');
    await report.getByLabel('Milestone 1').fill('Level 3 pilot cohort');
    await shot(page, 'partner-report');
    await report.getByRole('button', { name: 'Submit report' }).press('Enter');
    await eventually(() => report.locator('.form-actions').getByRole('status').innerText()).toMatch(
      /^Recorded: Highlight report/,
    );

    const rag = page.locator('#partner-rag');
    await rag.getByLabel('Amber').press('Space');
    await rag.getByLabel('Reason').fill('Backfill gaps are slowing level 2');
    await rag.getByRole('button', { name: 'Change RAG' }).press('Enter');
    await eventually(() => page.locator('.report-card').innerText()).toMatch(/Previous:\s*GREEN\s*Current:\s*AMBER/);

    const rows = (await api(`/api/programmes/${P}/reports/highlight?partnerId=dundee-city-council`)) as {
      summary: string;
      rag: { previous: string; current: string };
    }[];
    expect(rows[0]).toMatchObject({
      summary: 'Level 1 and 2 roll-out on plan across council services',
      rag: { previous: 'green', current: 'amber' },
    });

    // A tampered request for another partner: the server says 403 and the page says why.
    await page.route('**/api/programmes/*/commands', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}');
      body.data.partnerId = 'nhs-tayside';
      await route.continue({ postData: JSON.stringify(body) });
    });
    await report.getByLabel('Project summary').fill('Posing as NHS Tayside');
    await report.getByLabel('Lead', { exact: true }).fill('Someone else');
    await report.getByRole('button', { name: 'Submit report' }).press('Enter');
    await eventually(() => report.locator('.error-summary').innerText()).toMatch(
      /You may not do this: a partner lead records only for their own organisation \(Dundee City Council\)/,
    );
    expect(await report.getByLabel('Project summary').inputValue()).toBe('Posing as NHS Tayside');
    await checkAxe(page, 'partner report');
    await shot(page, 'partner-refused');
    const tayside = (await allEvents()).filter(
      (e) => e.type === 'HighlightReportSubmitted' && e.data['partnerId'] === 'nhs-tayside',
    );
    expect(tayside).toEqual([]);

    // The pages for other roles are not offered, and say so when typed in.
    await page.goto(`${server.url}/p/${P}/record`);
    await eventually(() => page.locator('h1').last().innerText()).toBe('Not available to your role');
    await page.close();
  });
});

describe('an auditor', () => {
  it('scrubs back to a past date, opens a thing’s history, reads the log, compares meetings and charts', async () => {
    const page = await tab('auditor', `/p/${P}/time-travel`);
    await live(page);
    expect(await page.locator('.tabs a').allInnerTexts()).not.toContain('Record');
    const programmeRag = () => page.locator('section[aria-labelledby="tt-programme"] .state-rag').innerText();

    // The scrubber by keyboard: Home is the first day anything happened.
    const scrubber = page.getByLabel('Scrub through the dates something happened');
    await scrubber.focus();
    await page.keyboard.press('Home');
    const asOf = page.getByRole('group', { name: 'What had happened by' });
    await eventually(() => asOf.getByLabel('Year').inputValue()).toBe('2021');
    expect(await asOf.getByLabel('Month').inputValue()).toBe('01');
    // Typed into the year box, key by key: each real date on the way moves the page.
    await asOf.getByLabel('Year').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2022');
    await eventually(() => page.locator('.time-summary').innerText()).toMatch(
      /^The programme as it stood at the end of 1 Jan 2022, as known now\.$/,
    );
    await eventually(programmeRag).toMatch(/Previous:\s*none\s*→\s*, current:\s*AMBER/);
    await checkAxe(page, 'time travel');
    await shot(page, 'time-travel');

    // Known on a day before anything was typed in: the page says so, in words, and shows no state.
    const knownOn = page.getByRole('group', { name: 'As known on (optional)' });
    await knownOn.getByLabel('Day').fill('31');
    await knownOn.getByLabel('Month').fill('12');
    await knownOn.getByLabel('Year').fill('2020');
    await eventually(() => page.locator('.time-summary').innerText()).toMatch(
      /^By the end of 31 Dec 2020 nothing about this programme had been recorded yet: the first entry was made on 1 Jan 2021/,
    );
    expect(await page.locator('section[aria-labelledby="tt-programme"]').count()).toBe(0);
    // Loaded directly with that cut, it says the same rather than waiting for ever.
    await page.goto(`${server.url}/p/${P}/time-travel?asOf=2022-06-22&knownAt=2020-12-31`);
    await eventually(() => page.locator('.time-summary').innerText()).toMatch(/^By the end of 31 Dec 2020 nothing/);

    // The demo is a lived history: the page offers the day the record then and now differ (the
    // Trauma Champion entered late), and on it says what is known now that was not then.
    await page.goto(`${server.url}/p/${P}/time-travel`);
    await page.getByRole('button', { name: '18 Jan 2022' }).click();
    await eventually(() => page.locator('.time-summary').innerText()).toMatch(
      /^The programme as it stood at the end of 18 Jan 2022, as known at the end of 18 Jan 2022\.\s*1 thing that had happened by then was recorded only later/,
    );
    await eventually(() => page.locator('.hindsight-diff').innerText()).toMatch(
      /Recorded later \(on 19 Jan 2022\), so not shown below: .*Chief Social Work Officer/,
    );
    expect((await page.locator('section[aria-labelledby^="tt-"]').allInnerTexts()).join('\n')).not.toMatch(
      /Chief Social Work Officer/,
    );
    await shot(page, 'time-travel-hindsight');
    // Known today, everything recorded by now about 22 June 2022 counts.
    await page.goto(
      `${server.url}/p/${P}/time-travel?asOf=2022-06-22&knownAt=${new Date().toISOString().slice(0, 10)}`,
    );
    await eventually(() => page.locator('.time-summary').innerText()).toMatch(
      /^The programme as it stood at the end of 22 Jun 2022, as known at the end of /,
    );
    await eventually(() => page.locator('section[aria-labelledby="tt-programme"]').count()).toBe(1);
    await page.goto(`${server.url}/p/${P}/time-travel?asOf=2022-01-01`);
    await live(page);
    await eventually(programmeRag).toMatch(/current:\s*AMBER/);

    await page.getByRole('link', { name: 'History of Trauma ambassadors network' }).press('Enter');
    await eventually(() => page.locator('.history-list').innerText()).toMatch(/RAG: Trauma ambassadors network RED/);
    expect(await page.locator('.history-list').innerText()).toMatch(/recorded .* by tsg-coordinator/);
    expect(await page.locator('.history-why').allInnerTexts()).toContain(
      'Why: Illustrative: network not yet started; a priority for 2022/23 (§4.3.1)',
    );
    await checkAxe(page, 'history');
    await shot(page, 'history');

    await page.getByRole('link', { name: 'Event log' }).press('Enter');
    await page.getByLabel('Type').selectOption('RagChanged');
    await page.getByLabel('Recorded by').fill('becky');
    await page.getByRole('button', { name: 'Apply filters' }).press('Enter');
    await eventually(() => page.locator('.log-table tbody tr').allInnerTexts()).toEqual([
      expect.stringMatching(/becky\s+RAG rating changed\s+RAG: Programme GREEN → AMBER/),
    ]);
    await page.getByRole('button', { name: 'Clear' }).press('Enter');
    await eventually(() => page.locator('.log-table tbody tr').count()).toBe(25);
    // Newest first: the top row is the last event recorded.
    const positions = (await allEvents()).map((e) => e.position);
    expect(Number(await page.locator('.log-table tbody tr').first().getAttribute('data-position'))).toBe(
      Math.max(...positions),
    );
    await page.getByRole('button', { name: 'Next page' }).press('Enter');
    await eventually(() => page.locator('.pager [role="status"]').innerText()).toMatch(/^Page 2/);
    await checkAxe(page, 'event log');
    await shot(page, 'event-log');

    await page.getByRole('link', { name: 'Compare' }).press('Enter');
    const first = page.getByLabel('From').locator('option', { hasText: 'use of the Scottish Government allocation' });
    await page.getByLabel('From').selectOption(await first.getAttribute('value'));
    await eventually(() => page.locator('.diff').innerText()).toMatch(/changed/);
    await checkAxe(page, 'compare');
    await shot(page, 'compare');
    // By dates: what had happened by each, as known now; in words and pounds, never JSON or pence.
    await page.getByLabel('Between dates').check();
    const fromDate = page.getByRole('group', { name: 'From the end of' });
    await fromDate.getByLabel('Day').fill('1');
    await fromDate.getByLabel('Month').fill('4');
    await fromDate.getByLabel('Year').fill('2022');
    const toDate = page.getByRole('group', { name: 'To the end of' });
    await toDate.getByLabel('Day').fill('22');
    await toDate.getByLabel('Month').fill('6');
    await toDate.getByLabel('Year').fill('2022');
    await page.getByRole('button', { name: 'Compare these dates' }).press('Enter');
    await eventually(() => page.locator('.diff [role="status"]').innerText()).toMatch(
      /^From the end of 1 Apr 2022 \(as known now\) to the end of 22 Jun 2022 \(as known now\): \d+ added, [1-9]\d* changed/,
    );
    const changedText = await page.locator('.diff').innerText();
    expect(changedText).not.toMatch(/[{}]|Pence|\d{4}-\d{2}-\d{2}/);
    await checkAxe(page, 'compare by dates');
    await shot(page, 'compare-dates');

    await page.getByRole('link', { name: 'Charts' }).press('Enter');
    await eventually(() => page.locator('.recharts-surface').count()).toBeGreaterThan(5);
    await checkAxe(page, 'charts');
    await shot(page, 'charts');
    await page.close();
  });

  it('verifies the chain and downloads an export that imports cleanly into an empty server', async () => {
    const page = await tab('auditor', `/p/${P}/downloads`);
    await live(page);
    await page.getByRole('button', { name: 'Verify the hash chain' }).press('Enter');
    await eventually(() => page.locator('.download-section').first().innerText()).toMatch(
      /Intact: the hash chain of all \d+ events/,
    );
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download as CSV' }).press('Enter'),
    ]);
    expect(readFileSync(await csv.path(), 'utf8')).toMatch(/Dundee City Council/);
    const [exported] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /NDJSON export/ }).press('Enter'),
    ]);
    await checkAxe(page, 'downloads');
    await shot(page, 'downloads');
    const ndjson = readFileSync(await exported.path(), 'utf8');

    const empty = await startTestServer({ demo: false });
    try {
      const admin = await empty.createToken('admin', 'ada');
      const imported = await fetch(`${empty.url}/api/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/x-ndjson' },
        body: ndjson,
      });
      expect(imported.status, await imported.clone().text()).toBe(200);
      const verified = await fetch(`${empty.url}/api/audit/verify`, { headers: { authorization: `Bearer ${admin}` } });
      expect(await verified.json()).toMatchObject({ ok: true });
      const programmes = await fetch(`${empty.url}/api/programmes`, { headers: { authorization: `Bearer ${admin}` } });
      expect(((await programmes.json()) as unknown[]).length).toBe(3);
    } finally {
      await empty.close();
    }
    await page.close();
  });
});

describe('every page, for every role', () => {
  const paths = [
    '/',
    `/p/${P}`,
    `/p/${P}/meeting`,
    `/p/${P}/record`,
    `/p/${P}/record?command=SubmitHighlightReport`,
    `/p/${P}/report`,
    `/p/${P}/charts`,
    `/p/${P}/log`,
    `/p/${P}/time-travel`,
    `/p/${P}/history?subject=workstream:trauma-ambassadors`,
    `/p/${P}/diff`,
    `/p/${P}/downloads`,
    `/display/${P}`,
  ];

  /** What is wider than the window outside a table that scrolls in its own box: it makes the page scroll sideways. */
  const tooWide = (page: Page) =>
    page.evaluate(() => {
      const wide = (e: Element) =>
        e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-scroll');
      return {
        scrollWidth: document.documentElement.scrollWidth,
        elements: [...document.querySelectorAll('body *')]
          .filter((e) => wide(e) && !(e.parentElement && wide(e.parentElement)))
          .map((e) => `${e.tagName.toLowerCase()}.${String(e.className)}`),
      };
    });

  it.each(['coordinator', 'partner', 'auditor', 'admin'] as const)(
    'reflows at 320 px and passes axe at 320 and 1280 px, as %s',
    async (role) => {
      const page = await tab(role, '/');
      try {
        for (const path of paths) {
          for (const width of [320, 1280]) {
            await page.setViewportSize({ width, height: 800 });
            await page.goto(`${server.url}${path}`);
            await eventually(() => page.locator('[role="status"]').first().count()).toBeGreaterThan(0);
            await eventually(() => page.getByText(/Catching up with the record|Reading the log|Loading/).count()).toBe(
              0,
            );
            if (width === 320)
              expect(await tooWide(page), `${role} ${path}`).toEqual({ scrollWidth: 320, elements: [] });
            await checkAxe(page, `${role} ${path} at ${width} px`);
          }
        }
      } finally {
        await page.close();
      }
    },
    120_000,
  );
});

describe('across every page', () => {
  it('axe found no serious or critical violation', () => {
    expect(axeFindings).toEqual([]);
  });

  it('the content security policy was never broken', () => {
    expect(consoleErrors).toEqual([]);
  });
});
