import type { Command } from './commands.js';
import { DomainError } from './errors.js';
import type { DomainEvent } from './events.js';
import { agendaFor, decideMeetingPapers } from './meetings.js';
import { decidePeople, requireLeadPerson, requirePersonOf } from './people.js';
import { decideRounds, requireRoundFor } from './rounds.js';
import type { ProgrammeState } from './state.js';
import { ragOf } from './state.js';
import type { Correcting } from './outcomes/correct.js';
import { decideCorrection } from './outcomes/correct.js';
import { decideOutcome, requireActiveWorkstream, requireEvidence } from './outcomes/decide.js';

/** Everything `decide` needs from the outside world, handed in so that `decide` stays pure. */
export type DecideContext = {
  programmeId: string;
  /** Returns a fresh slug for a new thing, such as `partner-5f3a9c1e`. */
  newId: (kind: string) => string;
  /** Needed only to decide a `CorrectEvent`. */
  correcting?: Correcting;
};

const require = <T>(found: T | undefined, code: ConstructorParameters<typeof DomainError>[0], what: string): T => {
  if (found === undefined) throw new DomainError(code, `${what} does not exist`);
  return found;
};

const fresh = (map: ReadonlyMap<string, unknown>, given: string | undefined, kind: string, ctx: DecideContext) => {
  if (given === undefined) return ctx.newId(kind);
  if (map.has(given)) throw new DomainError('duplicate_id', `${kind} ${given} already exists`);
  return given;
};

const partner = (s: ProgrammeState, id: string) => require(s.partners.get(id), 'unknown_partner', `partner ${id}`);
const optionalPartner = (s: ProgrammeState, id: string | undefined) => {
  if (id !== undefined) partner(s, id);
};
const workstream = (s: ProgrammeState, id: string) =>
  require(s.workstreams.get(id), 'unknown_workstream', `workstream ${id}`);

/**
 * Decides what a command means for a programme: the events to record, or a `DomainError`
 * naming the rule that refuses it. `state` is the programme as currently known (all events
 * folded); it is `initialState()` for a programme not yet launched.
 */
export const decide = (state: ProgrammeState, command: Command, ctx: DecideContext): DomainEvent[] => {
  if (command.type === 'LaunchProgramme') {
    if (state.programmeId !== null)
      throw new DomainError('programme_exists', `programme ${state.programmeId} already exists`);
    return [{ type: 'ProgrammeLaunched', data: { programmeId: ctx.programmeId, ...command.data } }];
  }
  if (state.programmeId === null)
    throw new DomainError('programme_not_found', `programme ${ctx.programmeId} does not exist`);
  const s = state;
  switch (command.type) {
    case 'AddPartner': {
      const partnerId = fresh(s.partners, command.data.partnerId, 'partner', ctx);
      requireLeadPerson(s, command.data.leadPersonId);
      return [{ type: 'PartnerJoined', data: { ...command.data, partnerId } }];
    }
    case 'CreateWorkstream': {
      optionalPartner(s, command.data.leadPartnerId);
      const workstreamId = fresh(s.workstreams, command.data.workstreamId, 'workstream', ctx);
      return [{ type: 'WorkstreamCreated', data: { ...command.data, workstreamId } }];
    }
    case 'AddMilestone': {
      workstream(s, command.data.workstreamId);
      requireActiveWorkstream(s, command.data.workstreamId);
      const milestoneId = fresh(s.milestones, command.data.milestoneId, 'milestone', ctx);
      return [{ type: 'MilestoneAdded', data: { ...command.data, milestoneId } }];
    }
    case 'RescheduleMilestone': {
      const m = require(s.milestones.get(
        command.data.milestoneId,
      ), 'unknown_milestone', `milestone ${command.data.milestoneId}`);
      if (m.completedOn !== null)
        throw new DomainError(
          'milestone_already_completed',
          `milestone ${m.milestoneId} was completed on ${m.completedOn}`,
        );
      return [{ type: 'MilestoneRescheduled', data: { ...command.data, previousDueOn: m.dueOn } }];
    }
    case 'CompleteMilestone': {
      const m = require(s.milestones.get(
        command.data.milestoneId,
      ), 'unknown_milestone', `milestone ${command.data.milestoneId}`);
      if (m.completedOn !== null)
        throw new DomainError(
          'milestone_already_completed',
          `milestone ${m.milestoneId} was completed on ${m.completedOn}`,
        );
      return [{ type: 'MilestoneCompleted', data: command.data }];
    }
    case 'AllocateFunding': {
      optionalPartner(s, command.data.partnerId);
      if (command.data.workstreamId !== undefined) workstream(s, command.data.workstreamId);
      const allocationId = fresh(s.allocations, command.data.allocationId, 'allocation', ctx);
      return [{ type: 'FundingAllocated', data: { ...command.data, allocationId } }];
    }
    case 'RecordSpend': {
      const a = require(s.allocations.get(
        command.data.allocationId,
      ), 'unknown_allocation', `allocation ${command.data.allocationId}`);
      // Spending more than was allocated needs a new allocation first, so the record shows where the money came from.
      const remaining = a.amountPence - a.spentPence;
      if (command.data.amountPence > remaining)
        throw new DomainError(
          'overspend',
          `allocation ${a.allocationId} has ${remaining} pence left, not ${command.data.amountPence}`,
        );
      return [{ type: 'FundingSpent', data: command.data }];
    }
    case 'ChangeRag': {
      const { subject } = command.data;
      if (subject.kind === 'partner') partner(s, subject.id);
      if (subject.kind === 'workstream') workstream(s, subject.id);
      const before = ragOf(s, subject);
      // The same colour twice is not a new fact.
      if (before?.current === command.data.rag) throw new DomainError('rag_unchanged', `already ${command.data.rag}`);
      return [{ type: 'RagChanged', data: { ...command.data, previous: before?.current ?? null } }];
    }
    case 'OpenMeeting': {
      if (s.openMeetingId !== null)
        throw new DomainError('meeting_already_open', `meeting ${s.openMeetingId} is still open`);
      for (const id of command.data.attendees) partner(s, id);
      const meetingId = fresh(s.meetings, command.data.meetingId, 'meeting', ctx);
      const { agenda: _given, ...data } = command.data;
      const agenda = agendaFor(s, command);
      return [{ type: 'MeetingOpened', data: { ...data, meetingId, ...(agenda ? { agenda } : {}) } }];
    }
    case 'CloseMeeting': {
      require(s.meetings.get(command.data.meetingId), 'unknown_meeting', `meeting ${command.data.meetingId}`);
      if (s.openMeetingId !== command.data.meetingId)
        throw new DomainError('meeting_not_open', `meeting ${command.data.meetingId} is not open`);
      return [{ type: 'MeetingClosed', data: command.data }];
    }
    case 'StartAgendaItem':
    case 'RecordAttendance':
    case 'ApproveMinutes':
      return decideMeetingPapers(s, command);
    case 'RecordDecision': {
      const { meetingId: given, alternativesRejected, conflictsDeclared, ...rest } = command.data;
      if (given !== undefined) require(s.meetings.get(given), 'unknown_meeting', `meeting ${given}`);
      requireEvidence(s, command.data.evidenceIds);
      const decisionId = fresh(s.decisions, command.data.decisionId, 'decision', ctx);
      return [
        {
          type: 'DecisionRecorded',
          data: {
            ...rest,
            decisionId,
            alternativesRejected: alternativesRejected ?? [],
            conflictsDeclared: conflictsDeclared ?? [],
            meetingId: given ?? s.openMeetingId,
          },
        },
      ];
    }
    case 'AssignAction': {
      partner(s, command.data.ownerPartnerId);
      requirePersonOf(s, command.data.ownerPersonId, command.data.ownerPartnerId);
      if (command.data.decisionId !== undefined)
        require(s.decisions.get(command.data.decisionId), 'unknown_decision', `decision ${command.data.decisionId}`);
      const actionId = fresh(s.actions, command.data.actionId, 'action', ctx);
      return [{ type: 'ActionAssigned', data: { ...command.data, actionId } }];
    }
    case 'CompleteAction': {
      const a = require(s.actions.get(command.data.actionId), 'unknown_action', `action ${command.data.actionId}`);
      if (a.completedOn !== null)
        throw new DomainError('action_already_completed', `action ${a.actionId} was completed on ${a.completedOn}`);
      return [{ type: 'ActionCompleted', data: command.data }];
    }
    case 'RaiseRisk': {
      optionalPartner(s, command.data.ownerPartnerId);
      requirePersonOf(s, command.data.ownerPersonId, command.data.ownerPartnerId);
      const riskId = fresh(s.risks, command.data.riskId, 'risk', ctx);
      return [{ type: 'RiskRaised', data: { ...command.data, riskId } }];
    }
    case 'CloseRisk': {
      const r = require(s.risks.get(command.data.riskId), 'unknown_risk', `risk ${command.data.riskId}`);
      if (r.closedOn !== null)
        throw new DomainError('risk_already_closed', `risk ${r.riskId} was closed on ${r.closedOn}`);
      return [{ type: 'RiskClosed', data: command.data }];
    }
    case 'RecordTraining': {
      optionalPartner(s, command.data.partnerId);
      requireEvidence(s, command.data.evidenceIds);
      return [{ type: 'TrainingDelivered', data: { ...command.data, partnerId: command.data.partnerId ?? null } }];
    }
    case 'AppointChampion': {
      partner(s, command.data.partnerId);
      requirePersonOf(s, command.data.personId, command.data.partnerId);
      const championId = fresh(s.champions, command.data.championId, 'champion', ctx);
      return [{ type: 'ChampionAppointed', data: { ...command.data, championId } }];
    }
    case 'AssessMaturity': {
      optionalPartner(s, command.data.partnerId);
      requireEvidence(s, command.data.evidenceIds);
      return [{ type: 'MaturityAssessed', data: { ...command.data, partnerId: command.data.partnerId ?? null } }];
    }
    case 'SubmitHighlightReport': {
      partner(s, command.data.partnerId);
      requireRoundFor(s.reportingRounds, command.data.roundId, command.data.partnerId);
      requireEvidence(s, command.data.evidenceIds);
      return [{ type: 'HighlightReportSubmitted', data: command.data }];
    }
    case 'AddPerson':
    case 'UpdatePerson':
      return decidePeople(s, command, (given) => fresh(s.people, given, 'person', ctx));
    case 'OpenReportingRound':
    case 'CloseReportingRound':
    case 'RecordReminderSent':
      return decideRounds({ rounds: s.reportingRounds, partners: s.partners, people: s.people }, command, (given) =>
        fresh(s.reportingRounds, given, 'round', ctx),
      );
    case 'RetractEvent': {
      const { eventId, reason } = command.data;
      if (s.retracted.has(eventId)) throw new DomainError('already_retracted', `event ${eventId} is already retracted`);
      const type = require(s.eventTypes.get(eventId), 'unknown_event', `event ${eventId} in this programme`);
      // The launch anchors the programme and a retraction is itself the correction: neither can be withdrawn.
      if (type === 'ProgrammeLaunched' || type === 'EventRetracted')
        throw new DomainError('not_retractable', `a ${type} event cannot be retracted`);
      return [{ type: 'EventRetracted', data: { eventId, reason, retractedType: type } }];
    }
    case 'DefineIndicator':
    case 'RecordMeasurement':
    case 'RaiseIssue':
    case 'RespondToIssue':
    case 'CloseWorkstream':
    case 'RescoreRisk':
    case 'AttachEvidence':
      return decideOutcome(s, command, ctx);
    case 'CorrectEvent':
      return decideCorrection(s, command, ctx, (without, replacement) => decide(without, replacement, ctx));
  }
};
