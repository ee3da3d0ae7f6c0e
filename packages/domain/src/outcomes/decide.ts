import type { z } from 'zod';
import type { DecideContext } from '../decide.js';
import { DomainError } from '../errors.js';
import type { DomainEvent } from '../events.js';
import type { ProgrammeState } from '../state.js';
import type {
  AttachEvidence,
  CloseWorkstream,
  DefineIndicator,
  RaiseIssue,
  RecordMeasurement,
  RescoreRisk,
  RespondToIssue,
} from './commands.js';
import type { IndicatorUnit } from './primitives.js';

type OutcomeCommand = z.infer<
  | typeof DefineIndicator
  | typeof RecordMeasurement
  | typeof RaiseIssue
  | typeof RespondToIssue
  | typeof CloseWorkstream
  | typeof RescoreRisk
  | typeof AttachEvidence
>;

const fresh = (map: ReadonlyMap<string, unknown>, given: string | undefined, kind: string, ctx: DecideContext) => {
  if (given === undefined) return ctx.newId(kind);
  if (map.has(given)) throw new DomainError('duplicate_id', `${kind} ${given} already exists`);
  return given;
};

const exists = (map: ReadonlyMap<string, unknown>, id: string | undefined, code: DomainError['code'], kind: string) => {
  if (id !== undefined && !map.has(id)) throw new DomainError(code, `${kind} ${id} does not exist`);
};

/**
 * Every evidence id a record cites must be a file attached to this programme: a citation of a
 * file nobody can open is no evidence. One call per command that takes `evidenceIds`.
 */
export const requireEvidence = (s: ProgrammeState, evidenceIds: readonly string[] | undefined) => {
  for (const id of evidenceIds ?? [])
    if (!s.evidence.has(id)) throw new DomainError('unknown_evidence', `evidence ${id} does not exist`);
};

/** Whether a value can be a reading in `unit`: counts and pence are whole, a percentage is 0 to 100. */
const checkValue = (unit: IndicatorUnit, value: number, what: string) => {
  const whole = unit === 'count' || unit === 'pence';
  if ((whole && !Number.isInteger(value)) || (unit !== 'score' && value < 0) || (unit === 'percent' && value > 100))
    throw new DomainError(
      'value_out_of_range',
      `${what} ${value} is not a ${unit === 'percent' ? 'percentage from 0 to 100' : `whole, non-negative ${unit}`}`,
    );
};

/** The things evidence can be about, by the KIND of `KIND:ID`. */
const thingsOf = (s: ProgrammeState, kind: string): ReadonlyMap<string, unknown> | undefined =>
  (
    ({
      partner: s.partners,
      workstream: s.workstreams,
      milestone: s.milestones,
      allocation: s.allocations,
      meeting: s.meetings,
      decision: s.decisions,
      action: s.actions,
      risk: s.risks,
      indicator: s.indicators,
      issue: s.issues,
    }) as Record<string, ReadonlyMap<string, unknown>>
  )[kind];

/** The outcome commands' rules (indicators, issues, closing workstreams, rescoring risks, evidence). */
export const decideOutcome = (s: ProgrammeState, command: OutcomeCommand, ctx: DecideContext): DomainEvent[] => {
  switch (command.type) {
    case 'DefineIndicator': {
      const { baseline, target, unit, direction } = command.data;
      exists(s.partners, command.data.ownerPartnerId, 'unknown_partner', 'partner');
      exists(s.workstreams, command.data.workstreamId, 'unknown_workstream', 'workstream');
      if (baseline) checkValue(unit, baseline.value, 'baseline');
      if (target) checkValue(unit, target.value, 'target');
      if (baseline && target) {
        // A target on the wrong side of the baseline would count getting worse as progress.
        if (direction === 'increase' ? target.value < baseline.value : target.value > baseline.value)
          throw new DomainError(
            'target_wrong_direction',
            `an indicator to ${direction} cannot have a target (${target.value}) ${direction === 'increase' ? 'below' : 'above'} its baseline (${baseline.value})`,
          );
        if (target.by <= baseline.on)
          throw new DomainError(
            'date_order',
            `the target date ${target.by} must come after the baseline ${baseline.on}`,
          );
      }
      const indicatorId = fresh(s.indicators, command.data.indicatorId, 'indicator', ctx);
      return [{ type: 'IndicatorDefined', data: { ...command.data, indicatorId } }];
    }
    case 'RecordMeasurement': {
      const indicator = s.indicators.get(command.data.indicatorId);
      if (!indicator)
        throw new DomainError('unknown_indicator', `indicator ${command.data.indicatorId} does not exist`);
      checkValue(indicator.unit, command.data.value, 'measurement');
      requireEvidence(s, command.data.evidenceIds);
      return [{ type: 'MeasurementRecorded', data: command.data }];
    }
    case 'RaiseIssue': {
      exists(s.partners, command.data.raisedByPartnerId, 'unknown_partner', 'partner');
      exists(s.workstreams, command.data.workstreamId, 'unknown_workstream', 'workstream');
      const issueId = fresh(s.issues, command.data.issueId, 'issue', ctx);
      return [
        {
          type: 'IssueRaised',
          data: { ...command.data, issueId, addressedTo: command.data.addressedTo ?? 'steering-group' },
        },
      ];
    }
    case 'RespondToIssue': {
      exists(s.issues, command.data.issueId, 'unknown_issue', 'issue');
      exists(s.decisions, command.data.decisionId, 'unknown_decision', 'decision');
      return [{ type: 'IssueResponded', data: command.data }];
    }
    case 'CloseWorkstream': {
      const { workstreamId, mergedIntoWorkstreamId } = command.data;
      const w = s.workstreams.get(workstreamId);
      if (!w) throw new DomainError('unknown_workstream', `workstream ${workstreamId} does not exist`);
      if (w.closedOn !== null)
        throw new DomainError('workstream_closed', `workstream ${workstreamId} was closed on ${w.closedOn}`);
      if (mergedIntoWorkstreamId !== undefined) {
        if (mergedIntoWorkstreamId === workstreamId)
          throw new DomainError('merge_into_self', `workstream ${workstreamId} cannot be merged into itself`);
        const into = s.workstreams.get(mergedIntoWorkstreamId);
        if (!into) throw new DomainError('unknown_workstream', `workstream ${mergedIntoWorkstreamId} does not exist`);
        if (into.closedOn !== null)
          throw new DomainError(
            'workstream_closed',
            `workstream ${mergedIntoWorkstreamId} was closed on ${into.closedOn}: merge into an active one`,
          );
      }
      return [{ type: 'WorkstreamClosed', data: command.data }];
    }
    case 'RescoreRisk': {
      const r = s.risks.get(command.data.riskId);
      if (!r) throw new DomainError('unknown_risk', `risk ${command.data.riskId} does not exist`);
      if (r.closedOn !== null)
        throw new DomainError('risk_already_closed', `risk ${r.riskId} was closed on ${r.closedOn}`);
      if (r.likelihood === command.data.likelihood && r.impact === command.data.impact)
        throw new DomainError(
          'risk_unchanged',
          `risk ${r.riskId} is already scored likelihood ${r.likelihood}, impact ${r.impact}`,
        );
      return [
        { type: 'RiskRescored', data: { ...command.data, previousLikelihood: r.likelihood, previousImpact: r.impact } },
      ];
    }
    case 'AttachEvidence': {
      const [kind, id] = command.data.about.split(':') as [string, string];
      if (!thingsOf(s, kind)?.has(id))
        throw new DomainError('unknown_evidence_subject', `${kind} ${id} does not exist`);
      const evidenceId = fresh(s.evidence, command.data.evidenceId, 'evidence', ctx);
      return [{ type: 'EvidenceAttached', data: { ...command.data, evidenceId } }];
    }
  }
};

/** Whether a workstream still takes new milestones. */
export const requireActiveWorkstream = (s: ProgrammeState, workstreamId: string) => {
  const w = s.workstreams.get(workstreamId);
  if (w && w.closedOn !== null)
    throw new DomainError(
      'workstream_closed',
      `workstream ${workstreamId} was closed on ${w.closedOn}: it takes no new milestones`,
    );
};

/**
 * The partner a partner lead's RecordMeasurement or AttachEvidence must be about, read from the
 * state: an indicator's owner, or the thing the evidence is about. `undefined` when no partner
 * owns it (then only a coordinator may).
 */
export const ownerInState = (s: ProgrammeState, command: OutcomeCommand): string | null | undefined => {
  if (command.type === 'RecordMeasurement') return s.indicators.get(command.data.indicatorId)?.ownerPartnerId;
  if (command.type !== 'AttachEvidence') return undefined;
  const [kind, id] = command.data.about.split(':') as [string, string];
  switch (kind) {
    case 'partner':
      return id;
    case 'indicator':
      return s.indicators.get(id)?.ownerPartnerId;
    case 'issue':
      return s.issues.get(id)?.raisedByPartnerId;
    case 'action':
      return s.actions.get(id)?.ownerPartnerId;
    default:
      return undefined;
  }
};
