import { randomUUID } from 'node:crypto';
import type { Command, ProgrammeView, ReminderKind, RoundView } from '@steerlog/domain';
import { DomainError, ERASED } from '@steerlog/domain';
import type { Queries, ReminderClaims, Store } from '@steerlog/store';
import type { FastifyBaseLogger } from 'fastify';
import { HttpProblem } from '../problems.js';
import { addDays, londonDate, reminderMail, reportLink } from './mail.js';
import type { Mailer } from './mailer.js';

export type ReminderOptions = {
  mailer: Mailer | undefined;
  /** Where the report links in mails point (STEERLOG_PUBLIC_URL, default the server's own URL). */
  publicUrl: string;
  /** Days before the due date the due-soon reminder goes (STEERLOG_REMINDER_DAYS, default 3). */
  days: number;
  now: () => Date;
  /** How long a claimed reminder is held before another server may take it over (default 10 minutes). */
  leaseMs?: number | undefined;
  /** How long after a failure the next attempt waits (default 5 minutes). */
  retryMs?: number | undefined;
  /** How often the schedule is looked at (default a minute); 0: only when `tick` is called. */
  intervalMs?: number | undefined;
};

export type Recipient = { partnerId: string; personId: string; name: string; email: string };

/** Outcome of one manual reminder run (`POST .../remind`). */
export type ManualResult = {
  sent: { partnerId: string; personId: string }[];
  failed: { partnerId: string; personId: string; error: string }[];
  /** Partners with an outstanding return but nobody with an e-mail address who takes reminders. */
  unreachable: string[];
};

/** The people of a partner a reminder goes to: with an e-mail address (not erased), taking reminders. */
export const recipientsOf = (view: ProgrammeView, partnerId: string): Recipient[] =>
  view.people.flatMap((p) =>
    p.partnerId === partnerId && p.receivesReminders && p.email !== null && p.email !== ERASED && p.name !== ERASED
      ? [{ partnerId, personId: p.personId, name: p.name, email: p.email }]
      : [],
  );

/**
 * The automatic reminder due for a partner's return on `today` (a UK date), if any: due-soon from
 * `days` before the due date up to it, overdue from the day after it, while nothing is submitted.
 */
export const dueKind = (round: RoundView, partnerId: string, today: string, days: number): ReminderKind | null => {
  const r = round.returns.find((x) => x.partnerId === partnerId);
  if (round.status !== 'open' || !r || r.submittedOn !== null) return null;
  if (today > round.dueOn) return 'overdue';
  return today >= addDays(round.dueOn, -days) ? 'due-soon' : null;
};

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Sends reporting reminders and records each one the SMTP server accepted as `ReminderSent`
 * (actor `system`). Automatic ones go through `ReminderClaims`, so that with several servers on one
 * database each goes once; a failure is logged, kept for the round tracker and tried again later.
 */
export class Reminders {
  /** The server's log, once the app that owns it is built. */
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'> = { info: () => {}, warn: () => {}, error: () => {} };
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly leaseMs: number;
  private readonly retryMs: number;

  constructor(
    private readonly store: Store,
    private readonly queries: Queries,
    readonly claims: ReminderClaims,
    private readonly options: ReminderOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 10 * 60_000;
    this.retryMs = options.retryMs ?? 5 * 60_000;
  }

  requireProgramme(programmeId: string) {
    return this.queries.requireProgramme(programmeId);
  }

  get configured() {
    return this.options.mailer !== undefined;
  }

  start() {
    const every = this.options.intervalMs ?? 60_000;
    if (!this.configured || every === 0) return;
    this.timer = setInterval(() => void this.tick(), every);
    this.timer.unref();
    void this.tick();
  }

  /** Looks at every open round once and sends what is due; a tick already running is awaited instead. */
  tick(): Promise<void> {
    this.running ??= this.sendDue().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async close() {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    this.options.mailer?.close();
  }

  private async sendDue() {
    const mailer = this.options.mailer;
    if (!mailer) return;
    const now = this.options.now();
    const today = londonDate(now);
    await this.freshKeys();
    for (const { programmeId } of await this.queries.listProgrammes()) {
      const view = await this.queries.currentView(programmeId, now);
      for (const round of view.reportingRounds)
        for (const { partnerId } of round.returns) {
          const kind = dueKind(round, partnerId, today, this.options.days);
          if (kind === null) continue;
          for (const person of recipientsOf(view, partnerId)) {
            if (round.reminders.some((m) => m.personId === person.personId && m.kind === kind)) continue;
            await this.sendClaimed(view, round, person, kind, mailer);
          }
        }
    }
  }

  private async sendClaimed(
    view: ProgrammeView,
    round: RoundView,
    person: Recipient,
    kind: ReminderKind,
    mailer: Mailer,
  ) {
    const key = { programmeId: view.programmeId, roundId: round.roundId, personId: person.personId, kind };
    const holder = randomUUID();
    const now = this.options.now();
    const at = now.toISOString();
    if (!(await this.claims.claim(key, holder, at, new Date(now.getTime() + this.leaseMs).toISOString()))) return;
    try {
      await mailer.send(this.mailFor(view, round, person, kind));
    } catch (error) {
      this.log.warn(
        { programmeId: key.programmeId, roundId: key.roundId, personId: key.personId, kind, err: errorText(error) },
        'a reporting reminder was not accepted by the SMTP server; it will be tried again',
      );
      await this.claims.failed(key, holder, errorText(error), at, new Date(now.getTime() + this.retryMs).toISOString());
      return;
    }
    await this.record(view.programmeId, {
      roundId: round.roundId,
      partnerId: person.partnerId,
      personId: person.personId,
      kind,
    });
    await this.claims.done(key, holder);
  }

  /**
   * Another server on the database may have added people since this one loaded its keys: without
   * their keys their addresses would read as erased and they would never be reminded.
   */
  private freshKeys() {
    return this.store.vault.load(this.store.kysely);
  }

  private mailFor(view: ProgrammeView, round: RoundView, person: Recipient, kind: ReminderKind) {
    const partnerName = view.partners.find((p) => p.partnerId === person.partnerId)?.name ?? person.partnerId;
    const link = reportLink(this.options.publicUrl, view.programmeId, round.roundId);
    return reminderMail(view, round, person, partnerName, kind, link);
  }

  private async record(programmeId: string, data: Extract<Command, { type: 'RecordReminderSent' }>['data']) {
    try {
      await this.store.handle(
        programmeId,
        { type: 'RecordReminderSent', data },
        { actor: 'system', now: this.options.now() },
      );
      this.log.info({ programmeId, ...data }, 'reporting reminder sent');
    } catch (error) {
      // The mail went; the record did not (the person moved partner meanwhile, say): say so, never send it twice.
      if (!(error instanceof DomainError)) throw error;
      this.log.error({ programmeId, ...data, code: error.code }, 'a reminder was sent but could not be recorded');
    }
  }

  /**
   * Sends the round's reminder now to everyone of every partner whose return is missing (kind
   * `manual`; the coordinator's button). Each one the SMTP server accepts is recorded.
   */
  async remindNow(programmeId: string, roundId: string): Promise<ManualResult> {
    const mailer = this.options.mailer;
    if (!mailer)
      throw new HttpProblem(
        'email_not_configured',
        'e-mail is not configured: set STEERLOG_SMTP_URL and STEERLOG_MAIL_FROM',
      );
    const now = this.options.now();
    await this.freshKeys();
    const view = await this.queries.currentView(programmeId, now);
    const round = view.reportingRounds.find((r) => r.roundId === roundId);
    if (!round) throw new HttpProblem('round_not_found', `reporting round ${roundId} does not exist in ${programmeId}`);
    if (round.status === 'closed') throw new HttpProblem('round_closed', `reporting round ${roundId} is closed`);
    const result: ManualResult = { sent: [], failed: [], unreachable: [] };
    for (const r of round.returns) {
      if (r.submittedOn !== null) continue;
      const people = recipientsOf(view, r.partnerId);
      if (people.length === 0) result.unreachable.push(r.partnerId);
      for (const person of people) {
        const key = { programmeId, roundId, personId: person.personId, kind: 'manual' };
        try {
          await mailer.send(this.mailFor(view, round, person, 'manual'));
        } catch (error) {
          this.log.warn(
            { programmeId, roundId, personId: person.personId, err: errorText(error) },
            'a manual reminder failed',
          );
          await this.claims.failed(key, null, errorText(error), now.toISOString(), now.toISOString());
          result.failed.push({ partnerId: r.partnerId, personId: person.personId, error: errorText(error) });
          continue;
        }
        await this.record(programmeId, { roundId, partnerId: r.partnerId, personId: person.personId, kind: 'manual' });
        await this.claims.cleared(key);
        result.sent.push({ partnerId: r.partnerId, personId: person.personId });
      }
    }
    return result;
  }
}
