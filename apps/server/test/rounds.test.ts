import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, londonDate } from '../src/reminders/mail.js';
import type { Client, TestServer } from './http.js';
import { expectProblem, startTestServer } from './http.js';
import type { ServerMessage, ServerReply } from './fixtures/reminder-server.js';
import type { Smtp } from './smtp.js';
import { startSmtp } from './smtp.js';

const P = 'rounds';
const FROM = 'steerlog@steerlog.example';
const PUBLIC = 'https://steerlog.example';
const DAY = 86_400_000;

/** Today in the UK, and a round asking for reports on the last month, due ten days from now. */
const today = londonDate(new Date());
const dueOn = addDays(today, 10);
const dueText = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
}).format(new Date(`${dueOn}T00:00:00Z`));
/** Noon (UTC) of a day relative to the due date: what the injected clock is set to. */
const noonOf = (days: number) => new Date(Date.parse(`${addDays(dueOn, days)}T12:00:00Z`));

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SECOND = fileURLToPath(new URL('./fixtures/reminder-server.ts', import.meta.url));

/** Another server process on the same database, driven by messages. */
const startSecondServer = (dbPath: string, databaseUrl: string, smtpUrl: string) => {
  const child = fork(SECOND, [dbPath, databaseUrl, smtpUrl, FROM], {
    cwd: ROOT,
    execArgv: ['--conditions=@steerlog/source', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const inbox: ServerReply[] = [];
  const waiting: ((m: ServerReply) => void)[] = [];
  child.on('message', (m: ServerReply) => {
    const w = waiting.shift();
    if (w) w(m);
    else inbox.push(m);
  });
  return {
    send: (m: ServerMessage) => child.send(m),
    next: () =>
      new Promise<ServerReply>((resolve) => (inbox.length > 0 ? resolve(inbox.shift()!) : waiting.push(resolve))),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ kind: 'close' } satisfies ServerMessage);
      }),
  };
};

const setUp = async (coordinator: Client) => {
  await coordinator.record(P, [
    { type: 'LaunchProgramme', data: { name: 'Testshire ATR' } },
    { type: 'AddPartner', data: { partnerId: 'council', name: 'Testshire Council', sector: 'local-authority' } },
    { type: 'AddPartner', data: { partnerId: 'trust', name: 'Testshire NHS Trust', sector: 'nhs' } },
    {
      type: 'AddPerson',
      data: { personId: 'ann', name: 'Ann Lead', email: 'ann@council.example', partnerId: 'council' },
    },
    { type: 'AddPerson', data: { personId: 'tom', name: 'Tom Lead', email: 'tom@trust.example', partnerId: 'trust' } },
    // No e-mail address: never mailed. Opted out: never mailed either.
    { type: 'AddPerson', data: { personId: 'nia', name: 'Nia Deputy', partnerId: 'trust' } },
    {
      type: 'AddPerson',
      data: {
        personId: 'raj',
        name: 'Raj Quiet',
        email: 'raj@trust.example',
        partnerId: 'trust',
        receivesReminders: false,
      },
    },
    {
      type: 'OpenReportingRound',
      data: { roundId: 'q1', title: 'Q1 highlight reports', periodFrom: addDays(today, -30), periodTo: today, dueOn },
    },
    {
      type: 'SubmitHighlightReport',
      data: {
        partnerId: 'council',
        lead: 'Ann Lead',
        summary: 'On track',
        successes: ['Launched'],
        challenges: [],
        upcoming: [{ title: 'Tier 2', dueOn: addDays(today, 40) }],
        roundId: 'q1',
        rag: 'green',
      },
    },
  ]);
};

const reminderEvents = async (c: Client) =>
  (await c.allEvents(P)).filter((e) => e.type === 'ReminderSent').map((e) => ({ actor: e.actor, ...e.data }));

describe('reporting rounds and e-mail reminders, with a real SMTP server', () => {
  let smtp: Smtp;
  let dir: string;
  const clock = { now: new Date() };
  const serverOptions = () => ({
    dbPath: join(dir, 'steerlog.db'),
    mail: { smtpUrl: smtp.url, from: FROM },
    publicUrl: PUBLIC,
    now: () => clock.now,
    reminderIntervalMs: 0,
    reminderRetryMs: 60_000,
  });
  let server: TestServer;
  let coordinator: Client;

  beforeAll(async () => {
    smtp = await startSmtp();
    dir = mkdtempSync(join(tmpdir(), 'steerlog-rounds-'));
    server = await startTestServer(serverOptions());
    coordinator = await server.as('coordinator', 'Coordinator');
    await setUp(coordinator);
  });
  afterAll(async () => {
    await server.stop();
    await smtp.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends nothing before the due-soon window', async () => {
    clock.now = noonOf(-4);
    await server.reminders.tick();
    expect(smtp.received).toEqual([]);
  });

  it('sends the due-soon reminder to the people of the partner that has not reported, once', async () => {
    clock.now = noonOf(-2);
    await server.reminders.tick();
    await server.reminders.tick();
    expect(smtp.received).toEqual([
      {
        to: 'tom@trust.example',
        from: FROM,
        subject: `Reminder: your highlight report for Q1 highlight reports is due on ${dueText}`,
        text: expect.stringContaining(`It is due on ${dueText} (end of the day, UK time).`),
      },
    ]);
    expect(smtp.received[0]!.text).toContain(`${PUBLIC}/p/${P}/report?round=q1`);
    expect(smtp.received[0]!.text).toMatch(/^Dear Tom Lead,/);
    expect(await reminderEvents(coordinator)).toEqual([
      { actor: 'system', roundId: 'q1', partnerId: 'trust', personId: 'tom', kind: 'due-soon' },
    ]);
  });

  it('sends nothing twice after a restart', async () => {
    await server.stop();
    server = await startTestServer(serverOptions());
    coordinator = server.client(coordinator.token);
    await server.reminders.tick();
    expect(smtp.received).toHaveLength(1);
  });

  it('keeps a refused mail unrecorded, shows the failure, and retries it later', async () => {
    clock.now = noonOf(1);
    smtp.state.refuse = true;
    await server.reminders.tick();
    expect(smtp.received).toHaveLength(1);
    expect(await reminderEvents(coordinator)).toHaveLength(1);
    const status = await coordinator.get(`/api/programmes/${P}/reporting-rounds/reminders`);
    expect(status.body).toMatchObject({
      configured: true,
      failures: [{ roundId: 'q1', personId: 'tom', kind: 'overdue', attempts: 1 }],
    });
    expect(status.body.failures[0].lastError).toMatch(/mailbox unavailable/);
    expect((await server.client(null).get('/readyz')).status).toBe(200);
    // Within the retry delay nothing is tried; after it the mail goes and the failure clears.
    smtp.state.refuse = false;
    await server.reminders.tick();
    expect(smtp.received).toHaveLength(1);
    clock.now = new Date(noonOf(1).getTime() + 61_000);
    await server.reminders.tick();
    expect(smtp.received.map((m) => [m.to, m.subject])).toEqual([
      ['tom@trust.example', `Reminder: your highlight report for Q1 highlight reports is due on ${dueText}`],
      ['tom@trust.example', `Overdue: your highlight report for Q1 highlight reports was due on ${dueText}`],
    ]);
    expect((await coordinator.get(`/api/programmes/${P}/reporting-rounds/reminders`)).body.failures).toEqual([]);
  });

  it('with the SMTP server down, records nothing and retries later', async () => {
    const down = await startSmtp();
    await down.stop();
    const other = await startTestServer({
      ...serverOptions(),
      dbPath: join(dir, 'down.db'),
      mail: { smtpUrl: down.url, from: FROM },
    });
    try {
      const c = await other.as('coordinator');
      await setUp(c);
      clock.now = noonOf(-1);
      await other.reminders.tick();
      expect(await reminderEvents(c)).toEqual([]);
      const status = await c.get(`/api/programmes/${P}/reporting-rounds/reminders`);
      expect(status.body.failures).toMatchObject([{ personId: 'tom', kind: 'due-soon' }]);
      expect(status.body.failures[0].lastError).toMatch(/ECONNREFUSED/);
      const manual = await c.request('POST', `/api/programmes/${P}/reporting-rounds/q1/remind`);
      expect(manual.status).toBe(200);
      expect(manual.body).toMatchObject({ sent: [], failed: [{ personId: 'tom' }], unreachable: [] });
      expect(await reminderEvents(c)).toEqual([]);
    } finally {
      await other.stop();
    }
  });

  it('sends a manual reminder to the outstanding ones now, every time it is asked', async () => {
    const before = smtp.received.length;
    const res = await coordinator.request('POST', `/api/programmes/${P}/reporting-rounds/q1/remind`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ sent: [{ partnerId: 'trust', personId: 'tom' }], failed: [], unreachable: [] });
    expect(smtp.received.slice(before).map((m) => m.to)).toEqual(['tom@trust.example']);
    expect((await reminderEvents(coordinator)).map((e) => e.kind)).toEqual(['due-soon', 'overdue', 'manual']);
    expectProblem(
      await coordinator.request('POST', `/api/programmes/${P}/reporting-rounds/nope/remind`),
      404,
      'round_not_found',
    );
    const viewer = await server.as('viewer');
    expectProblem(await viewer.request('POST', `/api/programmes/${P}/reporting-rounds/q1/remind`), 403, 'forbidden');
    const partner = await server.as('partner', 'Tom', 'trust', P);
    expectProblem(await partner.request('POST', `/api/programmes/${P}/reporting-rounds/q1/remind`), 403, 'forbidden');
  });

  it('lets no client record a reminder as sent', async () => {
    const admin = await server.as('admin');
    const res = await admin.command(P, {
      type: 'RecordReminderSent',
      data: { roundId: 'q1', partnerId: 'trust', personId: 'tom', kind: 'manual' },
    });
    expectProblem(res, 403, 'forbidden');
  });

  it('serves the round in the state and its highlight rows with return statuses', async () => {
    const state = (await coordinator.get(`/api/programmes/${P}/state`)).body;
    expect(state.reportingRounds[0]).toMatchObject({
      roundId: 'q1',
      status: 'open',
      returns: [
        { partnerId: 'council', status: 'submitted', submittedOn: today },
        { partnerId: 'trust', status: 'outstanding', submittedOn: null },
      ],
    });
    expect(state.partners[0].rag).toMatchObject({
      current: 'green',
      reason: 'Highlight report for Q1 highlight reports',
    });
    const late = await coordinator.get(`/api/programmes/${P}/reports/highlight?roundId=q1&asOf=${addDays(dueOn, 1)}`);
    expect(late.body.map((r: { partnerId: string; returnStatus: string }) => [r.partnerId, r.returnStatus])).toEqual([
      ['council', 'submitted'],
      ['trust', 'overdue'],
    ]);
    expect(late.body[0]).toMatchObject({ summary: 'On track', roundId: 'q1' });
    expectProblem(await coordinator.get(`/api/programmes/${P}/reports/highlight?roundId=nope`), 422, 'unknown_round');
  });

  it('refuses bad rounds, reports and people, each with its own code', async () => {
    const round = (data: Record<string, unknown>) =>
      coordinator.command(P, {
        type: 'OpenReportingRound',
        data: { title: 'R', periodFrom: '2025-01-01', periodTo: '2025-03-31', dueOn: '2025-04-10', ...data },
      });
    expectProblem(await round({ dueOn: '2025-03-30' }), 422, 'due_before_period_end');
    expectProblem(await round({ partnerIds: ['council', 'nope'] }), 422, 'unknown_partner');
    await coordinator.record(P, [
      {
        type: 'OpenReportingRound',
        data: {
          roundId: 'old',
          title: 'Old',
          periodFrom: '2025-01-01',
          periodTo: '2025-03-31',
          dueOn: '2025-04-10',
          partnerIds: ['council'],
        },
      },
    ]);
    const report = (partnerId: string, roundId: string) =>
      coordinator.command(P, {
        type: 'SubmitHighlightReport',
        data: { partnerId, lead: 'X', summary: 'S', successes: [], challenges: [], upcoming: [], roundId },
      });
    expectProblem(await report('trust', 'old'), 422, 'partner_not_in_round');
    await coordinator.record(P, [{ type: 'CloseReportingRound', data: { roundId: 'old' } }]);
    expectProblem(await report('council', 'old'), 422, 'round_closed');
    const bad = await coordinator.command(P, { type: 'AddPerson', data: { name: 'Eve', email: 'not-an-address' } });
    expectProblem(bad, 400, 'invalid_body');
    expect(bad.body.errors[0].path).toBe('data.email');
    expectProblem(
      await coordinator.command(P, { type: 'UpdatePerson', data: { personId: 'zed', name: 'Z' } }),
      422,
      'unknown_person',
    );
  });

  it('sends each reminder once when two servers (two processes) share the database', async () => {
    const second = startSecondServer(server.dbPath, server.databaseUrl ?? '', smtp.url);
    try {
      expect(await second.next()).toEqual({ kind: 'ready' });
      await coordinator.record(P, [
        { type: 'AddPartner', data: { partnerId: 'police', name: 'Testshire Police', sector: 'police' } },
        {
          type: 'AddPerson',
          data: { personId: 'pat', name: 'Pat Inspector', email: 'pat@police.example', partnerId: 'police' },
        },
        {
          type: 'AddPerson',
          data: { personId: 'kim', name: 'Kim Sergeant', email: 'kim@police.example', partnerId: 'police' },
        },
        {
          type: 'OpenReportingRound',
          data: {
            roundId: 'q2',
            title: 'Q2',
            periodFrom: today,
            periodTo: today,
            dueOn: addDays(today, 1),
            partnerIds: ['police'],
          },
        },
      ]);
      const before = smtp.received.length;
      for (const days of [1, 3, 4]) {
        clock.now = new Date(Date.now() + days * DAY);
        second.send({ kind: 'tick', now: clock.now.toISOString() });
        await server.reminders.tick();
        expect(await second.next()).toEqual({ kind: 'ticked' });
      }
      const police = smtp.received.slice(before).filter((m) => m.to.endsWith('@police.example'));
      expect(police.map((m) => `${m.to} ${m.subject.split(':')[0]}`).sort()).toEqual([
        'kim@police.example Overdue',
        'kim@police.example Reminder',
        'pat@police.example Overdue',
        'pat@police.example Reminder',
      ]);
      expect(
        (await reminderEvents(coordinator))
          .filter((e) => e.roundId === 'q2')
          .map((e) => `${e.personId} ${e.kind}`)
          .sort(),
      ).toEqual(['kim due-soon', 'kim overdue', 'pat due-soon', 'pat overdue']);
    } finally {
      await second.close();
    }
  }, 60_000);

  it('erases a person: name and e-mail read [erased] everywhere, and no reminder goes to them', async () => {
    const admin = await server.as('admin');
    expect((await admin.request('DELETE', `/api/programmes/${P}/personal-data/person:tom`)).status).toBe(204);
    const state = (await coordinator.get(`/api/programmes/${P}/state`)).body;
    expect(state.people.find((p: { personId: string }) => p.personId === 'tom')).toMatchObject({
      name: '[erased]',
      email: '[erased]',
    });
    const exported = (await admin.get('/api/export')).text;
    expect(exported).not.toContain('tom@trust.example');
    expect(exported).not.toContain('Tom Lead');
    const before = smtp.received.length;
    await coordinator.request('POST', `/api/programmes/${P}/reporting-rounds/q1/remind`);
    expect(smtp.received.slice(before).map((m) => m.to)).not.toContain('tom@trust.example');
  });
});

describe('reminders without e-mail configured', () => {
  it('answer the button with 409 email_not_configured', async () => {
    const server = await startTestServer({ reminderIntervalMs: 0 });
    try {
      const c = await server.as('coordinator');
      await setUp(c);
      expectProblem(
        await c.request('POST', `/api/programmes/${P}/reporting-rounds/q1/remind`),
        409,
        'email_not_configured',
      );
      expect((await c.get(`/api/programmes/${P}/reporting-rounds/reminders`)).body).toEqual({
        configured: false,
        failures: [],
      });
    } finally {
      await server.stop();
    }
  });
});
