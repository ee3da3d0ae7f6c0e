import type { ProgrammeView } from '@steerlog/domain';
import type { Option } from './forms/specs.js';

/** Every thing of the programme that has a history, as `kind:id` choices. */
export const subjectChoices = (view: ProgrammeView): Option[] => [
  ...view.partners.map((p) => ({ value: `partner:${p.partnerId}`, label: `Partner: ${p.name}` })),
  ...view.workstreams.map((w) => ({ value: `workstream:${w.workstreamId}`, label: `Workstream: ${w.name}` })),
  ...view.workstreams.flatMap((w) =>
    w.milestones.map((m) => ({ value: `milestone:${m.milestoneId}`, label: `Milestone: ${m.title}` })),
  ),
  ...view.funding.allocations.map((a) => ({
    value: `allocation:${a.allocationId}`,
    label: `Allocation: ${a.source} ${a.financialYear}`,
  })),
  ...view.meetings.map((m) => ({ value: `meeting:${m.meetingId}`, label: `Meeting: ${m.title}` })),
  ...view.decisions.map((d) => ({ value: `decision:${d.decisionId}`, label: `Decision: ${d.summary}` })),
  ...view.actions.map((a) => ({ value: `action:${a.actionId}`, label: `Action: ${a.title}` })),
  ...view.risks.map((r) => ({ value: `risk:${r.riskId}`, label: `Risk: ${r.title}` })),
  ...view.champions.map((c) => ({ value: `champion:${c.championId}`, label: `Champion: ${c.name}` })),
  ...view.indicators.map((i) => ({ value: `indicator:${i.indicatorId}`, label: `Indicator: ${i.name}` })),
  ...view.issues.map((i) => ({ value: `issue:${i.issueId}`, label: `Issue: ${i.title}` })),
];
