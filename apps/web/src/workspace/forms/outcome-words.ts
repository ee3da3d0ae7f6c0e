import { indicatorUnitLabels, issueAddresseeLabels, issueKindLabels, issueStatusLabels } from '@steerlog/contract';
import type { FormWords, Words } from './words.js';
import { today } from './options.js';

const newId = (thing: string): Words => ({ newId: thing });

const evidence = {
  label: 'Evidence',
  hint: 'Files already attached to this programme that back this record.',
  advanced: true,
};

/** The words of the outcome forms: indicators, issues and asks, closing workstreams, rescoring risks. */
export const outcomeWords = {
  DefineIndicator: {
    title: 'Define an outcome indicator',
    submit: 'Define indicator',
    fields: {
      name: { hint: 'What is measured, e.g. "Staff trained at level 1".' },
      unit: { optionLabels: indicatorUnitLabels },
      direction: { label: 'Better is', radio: true, optionLabels: { increase: 'Higher', decrease: 'Lower' } },
      baseline: { label: 'Baseline', cells: { value: { label: 'Value' }, on: { label: 'Measured on' } } },
      target: { label: 'Target', cells: { value: { label: 'Value' }, by: { label: 'By' } } },
      ownerPartnerId: { label: 'Owner', hint: 'The partner who reports it; they can record its measurements.' },
      workstreamId: { advanced: true },
      indicatorId: newId('Indicator'),
    },
  },
  RecordMeasurement: {
    title: 'Record a measurement',
    submit: 'Record measurement',
    partnerMay: true,
    fields: {
      indicatorId: { label: 'Indicator' },
      value: {},
      on: { label: 'Measured on', initial: today },
      note: { advanced: true },
      evidenceIds: evidence,
    },
  },
  RaiseIssue: {
    title: 'Raise an issue or ask',
    submit: 'Raise issue',
    partnerMay: true,
    fields: {
      kind: { optionLabels: issueKindLabels, radio: true },
      title: { hint: 'In a sentence, e.g. "Who funds the coordinator after March?"' },
      detail: {},
      addressedTo: { label: 'For', optionLabels: issueAddresseeLabels },
      raisedByPartnerId: { label: 'Raised by' },
      workstreamId: { advanced: true },
      issueId: newId('Issue'),
    },
  },
  RespondToIssue: {
    title: 'Respond to an issue',
    submit: 'Record response',
    fields: {
      issueId: { label: 'Issue' },
      response: {},
      status: { label: 'Now', optionLabels: issueStatusLabels, radio: true },
      decisionId: { label: 'Decision it rests on', advanced: true },
    },
  },
  CloseWorkstream: {
    title: 'Close a workstream',
    submit: 'Close workstream',
    fields: {
      workstreamId: {},
      reason: {},
      mergedIntoWorkstreamId: { label: 'Merged into', hint: 'The workstream that carries its work on, if any.' },
    },
  },
  RescoreRisk: {
    title: 'Rescore a risk',
    submit: 'Rescore risk',
    fields: { riskId: { label: 'Risk' }, likelihood: {}, impact: {}, reason: {} },
  },
} satisfies Record<string, FormWords>;
