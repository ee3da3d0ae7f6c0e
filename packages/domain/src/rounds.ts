import { z } from 'zod';
import { command } from './command-envelope.js';
import { DomainError } from './errors.js';
import type { PersonState } from './people.js';
import { personOf } from './people.js';
import { IsoDate, ShortText, Slug } from './primitives.js';

export const ReminderKind = z.enum(['due-soon', 'overdue', 'manual']);
export type ReminderKind = z.infer<typeof ReminderKind>;

export const OpenReportingRound = command(
  'OpenReportingRound',
  z.strictObject({
    roundId: Slug.optional(),
    title: ShortText,
    periodFrom: IsoDate,
    periodTo: IsoDate,
    dueOn: IsoDate,
    /** Default: every partner of the programme. */
    partnerIds: z.array(Slug).min(1).max(200).optional(),
  }),
);
export const CloseReportingRound = command('CloseReportingRound', z.strictObject({ roundId: Slug }));
/**
 * Recorded by the server (actor `system`) once the SMTP server has accepted a reminder; no client
 * may send it. A command all the same, so an import admits the event by the rule that made it.
 */
export const RecordReminderSent = command(
  'RecordReminderSent',
  z.strictObject({ roundId: Slug, partnerId: Slug, personId: Slug, kind: ReminderKind }),
);

export const ReportingRoundOpened = z.object({
  type: z.literal('ReportingRoundOpened'),
  data: z.object({
    roundId: Slug,
    title: z.string(),
    periodFrom: IsoDate,
    periodTo: IsoDate,
    dueOn: IsoDate,
    partnerIds: z.array(Slug),
  }),
});
export const ReportingRoundClosed = z.object({
  type: z.literal('ReportingRoundClosed'),
  data: z.object({ roundId: Slug }),
});
export const ReminderSent = z.object({
  type: z.literal('ReminderSent'),
  data: z.object({ roundId: Slug, partnerId: Slug, personId: Slug, kind: ReminderKind }),
});

type Marked = { illustrative?: true };

export type ReminderRecord = { partnerId: string; personId: string; kind: ReminderKind; sentAt: string };

export type RoundState = {
  roundId: string;
  title: string;
  periodFrom: string;
  periodTo: string;
  dueOn: string;
  partnerIds: string[];
  openedOn: string;
  closedOn: string | null;
  /** The date of each partner's first report in this round (the one that counts for lateness). */
  submittedOn: Record<string, string>;
  /** Every reminder recorded as sent, oldest first. */
  reminders: ReminderRecord[];
} & Marked;

type RoundCommand =
  z.infer<typeof OpenReportingRound> | z.infer<typeof CloseReportingRound> | z.infer<typeof RecordReminderSent>;
type RoundEvent =
  z.infer<typeof ReportingRoundOpened> | z.infer<typeof ReportingRoundClosed> | z.infer<typeof ReminderSent>;

type RoundsView = {
  rounds: ReadonlyMap<string, RoundState>;
  partners: ReadonlyMap<string, unknown>;
  people: ReadonlyMap<string, PersonState>;
};

export const roundOf = (s: Pick<RoundsView, 'rounds'>, id: string): RoundState => {
  const r = s.rounds.get(id);
  if (!r) throw new DomainError('unknown_round', `reporting round ${id} does not exist`);
  return r;
};

/** Automatic reminders go once per round, person and kind; a manual one each time someone asks. */
export const reminderWasSent = (r: RoundState, personId: string, kind: ReminderKind) =>
  kind !== 'manual' && r.reminders.some((m) => m.personId === personId && m.kind === kind);

/**
 * Opens, closes and records the reminders of reporting rounds. A round asks partners for a
 * highlight report on a period by a due date, which cannot fall before the period ends (nobody
 * can report on days that have not happened yet).
 */
export const decideRounds = (
  s: RoundsView,
  c: RoundCommand,
  fresh: (given: string | undefined) => string,
): RoundEvent[] => {
  switch (c.type) {
    case 'OpenReportingRound': {
      const { periodFrom, periodTo, dueOn } = c.data;
      if (periodTo < periodFrom)
        throw new DomainError('date_order', `the period ends (${periodTo}) before it starts (${periodFrom})`);
      if (dueOn < periodTo)
        throw new DomainError('due_before_period_end', `due on ${dueOn}, before the period ends on ${periodTo}`);
      const partnerIds = c.data.partnerIds ?? [...s.partners.keys()];
      for (const id of partnerIds)
        if (!s.partners.has(id)) throw new DomainError('unknown_partner', `partner ${id} does not exist`);
      if (new Set(partnerIds).size !== partnerIds.length)
        throw new DomainError('duplicate_id', 'a partner is named twice in the round');
      if (partnerIds.length === 0)
        throw new DomainError('round_without_partners', 'the programme has no partners to ask for a report');
      const roundId = fresh(c.data.roundId);
      return [{ type: 'ReportingRoundOpened', data: { ...c.data, roundId, partnerIds } }];
    }
    case 'CloseReportingRound': {
      const r = roundOf(s, c.data.roundId);
      if (r.closedOn !== null)
        throw new DomainError('round_already_closed', `round ${r.roundId} was closed on ${r.closedOn}`);
      return [{ type: 'ReportingRoundClosed', data: c.data }];
    }
    case 'RecordReminderSent': {
      const r = roundOf(s, c.data.roundId);
      if (!r.partnerIds.includes(c.data.partnerId))
        throw new DomainError('partner_not_in_round', `partner ${c.data.partnerId} is not in round ${r.roundId}`);
      const p = personOf(s, c.data.personId);
      if (p.partnerId !== c.data.partnerId)
        throw new DomainError(
          'person_not_of_partner',
          `person ${p.personId} is not one of ${c.data.partnerId}'s people`,
        );
      if (reminderWasSent(r, p.personId, c.data.kind))
        throw new DomainError(
          'reminder_already_sent',
          `the ${c.data.kind} reminder of ${r.roundId} went to ${p.personId}`,
        );
      return [{ type: 'ReminderSent', data: c.data }];
    }
  }
};

/** The round a highlight report is for must be open and ask that partner. */
export const requireRoundFor = (rounds: RoundsView['rounds'], roundId: string | undefined, partnerId: string) => {
  if (roundId === undefined) return;
  const r = roundOf({ rounds }, roundId);
  if (r.closedOn !== null) throw new DomainError('round_closed', `round ${roundId} was closed on ${r.closedOn}`);
  if (!r.partnerIds.includes(partnerId))
    throw new DomainError('partner_not_in_round', `partner ${partnerId} is not in round ${roundId}`);
};

export const applyRounds = (
  rounds: Map<string, RoundState>,
  e: RoundEvent,
  at: { on: string; occurredAt: string },
  mark: Marked,
) => {
  switch (e.type) {
    case 'ReportingRoundOpened':
      rounds.set(e.data.roundId, {
        roundId: e.data.roundId,
        title: e.data.title,
        periodFrom: e.data.periodFrom,
        periodTo: e.data.periodTo,
        dueOn: e.data.dueOn,
        partnerIds: [...e.data.partnerIds],
        openedOn: at.on,
        closedOn: null,
        submittedOn: {},
        reminders: [],
        ...mark,
      });
      return;
    case 'ReportingRoundClosed': {
      const r = rounds.get(e.data.roundId);
      if (r) rounds.set(r.roundId, { ...r, closedOn: at.on, ...mark });
      return;
    }
    case 'ReminderSent': {
      const r = rounds.get(e.data.roundId);
      if (r)
        rounds.set(r.roundId, {
          ...r,
          reminders: [
            ...r.reminders,
            { partnerId: e.data.partnerId, personId: e.data.personId, kind: e.data.kind, sentAt: at.occurredAt },
          ],
        });
      return;
    }
  }
};

/** A report in a round: its first one fixes when the partner reported. */
export const applyRoundReport = (rounds: Map<string, RoundState>, roundId: string, partnerId: string, on: string) => {
  const r = rounds.get(roundId);
  if (r && r.submittedOn[partnerId] === undefined)
    rounds.set(roundId, { ...r, submittedOn: { ...r.submittedOn, [partnerId]: on } });
};

export const ReturnStatus = z.enum(['submitted', 'late', 'outstanding', 'overdue']);
export type ReturnStatus = z.infer<typeof ReturnStatus>;

/**
 * A partner's return in a round as of a date: `submitted` on or before the due date, `late`
 * after it, and with none yet `outstanding` until the due date and `overdue` after it.
 */
export const returnStatus = (dueOn: string, submittedOn: string | undefined, asOfDate: string): ReturnStatus =>
  submittedOn !== undefined
    ? submittedOn <= dueOn
      ? 'submitted'
      : 'late'
    : asOfDate <= dueOn
      ? 'outstanding'
      : 'overdue';

export const RoundView = z.object({
  roundId: z.string(),
  title: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  dueOn: z.string(),
  status: z.enum(['open', 'closed']),
  openedOn: z.string(),
  closedOn: z.string().nullable(),
  returns: z.array(z.object({ partnerId: z.string(), status: ReturnStatus, submittedOn: z.string().nullable() })),
  reminders: z.array(z.object({ partnerId: z.string(), personId: z.string(), kind: ReminderKind, sentAt: z.string() })),
  illustrative: z.literal(true).optional(),
});
export type RoundView = z.infer<typeof RoundView>;

export const roundView = (r: RoundState, asOfDate: string): RoundView => ({
  roundId: r.roundId,
  title: r.title,
  periodFrom: r.periodFrom,
  periodTo: r.periodTo,
  dueOn: r.dueOn,
  status: r.closedOn === null ? 'open' : 'closed',
  openedOn: r.openedOn,
  closedOn: r.closedOn,
  returns: r.partnerIds.map((partnerId) => ({
    partnerId,
    status: returnStatus(r.dueOn, r.submittedOn[partnerId], asOfDate),
    submittedOn: r.submittedOn[partnerId] ?? null,
  })),
  reminders: r.reminders.map((m) => ({ ...m })),
  ...(r.illustrative ? { illustrative: true as const } : {}),
});
