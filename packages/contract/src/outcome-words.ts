import type {
  DomainEvent,
  IndicatorStatus,
  IndicatorUnit,
  IssueAddressee,
  IssueKind,
  IssueStatus,
  ProgrammeView,
} from '@steerlog/domain';
import { formatDate } from './words.js';

/** Words for the outcome events, merged into `eventTypeLabels`. */
export const outcomeEventLabels = {
  IndicatorDefined: 'Indicator defined',
  MeasurementRecorded: 'Measurement recorded',
  IssueRaised: 'Issue raised',
  IssueResponded: 'Issue responded to',
  WorkstreamClosed: 'Workstream closed',
  RiskRescored: 'Risk rescored',
  EvidenceAttached: 'Evidence attached',
} as const;

export const indicatorStatusLabels: Record<IndicatorStatus, string> = {
  met: 'Target met',
  'on-track': 'On track',
  'off-track': 'Off track',
  'no-data': 'No data yet',
};
/**
 * An indicator's status in words. `no-data` covers two cases a reader must tell apart: nothing
 * measured yet, and measured with no target to judge the figure against.
 */
export const indicatorStatusText = (i: { status: IndicatorStatus; latest: unknown; target: unknown }): string =>
  i.status === 'no-data' && i.latest !== null && i.target === null ? 'No target set' : indicatorStatusLabels[i.status];
export const indicatorUnitLabels: Record<IndicatorUnit, string> = {
  count: 'Count',
  percent: 'Percentage',
  pence: 'Money',
  score: 'Score',
};
export const issueKindLabels: Record<IssueKind, string> = {
  barrier: 'Barrier',
  enabler: 'Enabler',
  'support-request': 'Support requested',
  question: 'Question',
};
export const issueStatusLabels: Record<IssueStatus, string> = {
  open: 'Open',
  answered: 'Answered',
  resolved: 'Resolved',
  withdrawn: 'Withdrawn',
};
export const issueAddresseeLabels: Record<IssueAddressee, string> = {
  'steering-group': 'Steering group',
  board: 'Board',
  national: 'National group',
};

const number = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });

/** A reading in its unit: `45%`, `1,200`, `£5,000`, `3.5`. */
export const formatMeasure = (value: number, unit: IndicatorUnit): string =>
  unit === 'percent' ? `${number.format(value)}%` : unit === 'pence' ? money.format(value / 100) : number.format(value);

/** Names of the things an outcome event refers to; an id stands in for one not known. */
export type OutcomeNames = {
  partner: (id: string) => string;
  workstream: (id: string) => string;
  risk: (id: string) => string;
  indicator?: (id: string) => { name: string; unit: IndicatorUnit } | undefined;
  issue?: (id: string) => string;
};

type OutcomeEvent = Extract<DomainEvent, { type: keyof typeof outcomeEventLabels }>;

export const isOutcomeEvent = (e: DomainEvent): e is OutcomeEvent => e.type in outcomeEventLabels;

/** One line for an outcome event, in the words a minute-taker would use. */
export const describeOutcomeEvent = (e: OutcomeEvent, names: OutcomeNames): string => {
  switch (e.type) {
    case 'IndicatorDefined':
      return `Indicator defined: ${e.data.name}${e.data.target ? `, target ${formatMeasure(e.data.target.value, e.data.unit)} by ${formatDate(e.data.target.by)}` : ''}`;
    case 'MeasurementRecorded': {
      const i = names.indicator?.(e.data.indicatorId);
      return `Measurement: ${i?.name ?? e.data.indicatorId} ${i ? formatMeasure(e.data.value, i.unit) : number.format(e.data.value)} on ${formatDate(e.data.on)}`;
    }
    case 'IssueRaised':
      return `${issueKindLabels[e.data.kind]} raised${e.data.raisedByPartnerId ? ` by ${names.partner(e.data.raisedByPartnerId)}` : ''} for the ${issueAddresseeLabels[e.data.addressedTo].toLowerCase()}: ${e.data.title}`;
    case 'IssueResponded':
      return `Response (${issueStatusLabels[e.data.status].toLowerCase()}) to ${names.issue?.(e.data.issueId) ?? e.data.issueId}: ${e.data.response}`;
    case 'WorkstreamClosed':
      return `Workstream closed: ${names.workstream(e.data.workstreamId)}${e.data.mergedIntoWorkstreamId ? `, merged into ${names.workstream(e.data.mergedIntoWorkstreamId)}` : ''}. Reason: ${e.data.reason}`;
    case 'RiskRescored':
      return `Risk rescored: ${names.risk(e.data.riskId)} from ${e.data.previousLikelihood * e.data.previousImpact} to ${e.data.likelihood * e.data.impact} (likelihood ${e.data.likelihood}, impact ${e.data.impact}). Reason: ${e.data.reason}`;
    case 'EvidenceAttached':
      return `Evidence attached: ${e.data.fileName}`;
  }
};

/** The indicator and issue names of a view, for `describeOutcomeEvent`. */
export const outcomeNamesOf = (view: ProgrammeView | null): Pick<OutcomeNames, 'indicator' | 'issue'> => ({
  indicator: (id) => view?.indicators.find((i) => i.indicatorId === id),
  issue: (id) => view?.issues.find((i) => i.issueId === id)?.title ?? id,
});
