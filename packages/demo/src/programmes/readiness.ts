import { programmeBuilder, type DemoProgramme } from '../types.js';

/*
 * One Scottish organisation's journey against the national trauma programme, as an illustrative
 * composite: the organisation, its scores and its dates are illustrative, and say so. What the
 * documents give: the actions, barriers and enablers from the Improvement Service adult social care
 * learning event of 25 March 2021 (seed 001); the NTTP Roadmap, published October 2023, used as a
 * self-assessment compass with a readiness checklist, and the recommendations of the January 2025
 * Roadmap webinar (seed 002); the readiness domains and the three-point scale (domain.md).
 */
// A composite: every command is recorded with `illustrative: true`. Recording times are
// simulated, each block on its day except the September 2024 spend, entered late in October.
const { add, on, correct, commands } = programmeBuilder('readiness-coordinator', { everyIllustrative: true });

const COUNCIL = 'council-adult-social-care';
type Level = 'not-present' | 'emerging' | 'consistently-present';

const domains = [
  'strategic-support',
  'conditions-for-implementation',
  'system-resourcing',
  'coordination-resource',
  'staff-wellbeing',
  'lived-experience',
] as const;

/** One self-assessment round: the same domains each time, so progress reads across rounds. */
const assessRound = (evidence: string, levels: Record<(typeof domains)[number], Level>): void => {
  for (const domain of domains) {
    add('AssessMaturity', { partnerId: COUNCIL, domain, level: levels[domain], evidence });
  }
};

const rounds = {
  '2024-01-17': {
    'strategic-support': 'emerging',
    'conditions-for-implementation': 'not-present',
    'system-resourcing': 'not-present',
    'coordination-resource': 'not-present',
    'staff-wellbeing': 'emerging',
    'lived-experience': 'not-present',
  },
  '2024-09-18': {
    'strategic-support': 'consistently-present',
    'conditions-for-implementation': 'emerging',
    'system-resourcing': 'emerging',
    'coordination-resource': 'consistently-present',
    'staff-wellbeing': 'emerging',
    'lived-experience': 'emerging',
  },
  '2025-03-12': {
    'strategic-support': 'consistently-present',
    'conditions-for-implementation': 'consistently-present',
    'system-resourcing': 'emerging',
    'coordination-resource': 'consistently-present',
    'staff-wellbeing': 'consistently-present',
    'lived-experience': 'emerging',
  },
} as const satisfies Record<string, Record<(typeof domains)[number], Level>>;

on('2021-04-21');
add('LaunchProgramme', {
  name: 'Trauma-informed adult social care: Roadmap readiness',
  ambition: 'A trauma-informed and trauma-responsive workforce, as in the national shared ambition',
  startsOn: '2021-04-01',
});
add('AddPartner', {
  partnerId: COUNCIL,
  name: 'Council adult social care (illustrative)',
  sector: 'local-authority',
  lead: 'Head of Adult Social Care',
});
add('AddPartner', {
  partnerId: 'hscp',
  name: 'Health and social care partnership (illustrative)',
  sector: 'other',
});
add('AddPartner', {
  partnerId: 'care-provider',
  name: 'Third sector care provider (illustrative)',
  sector: 'third-sector',
});
add('AddPartner', { partnerId: 'improvement-service', name: 'Improvement Service', sector: 'national-body' });
add('AddPartner', { partnerId: 'nhs-education-scotland', name: 'NHS Education for Scotland', sector: 'national-body' });

add('CreateWorkstream', {
  workstreamId: 'nttp-resources',
  name: 'NTTP resources and training',
  leadPartnerId: COUNCIL,
  description: 'Resources in staff training plans and the learning and development strategy',
});
add('CreateWorkstream', {
  workstreamId: 'leadership',
  name: 'Leadership and champions',
  leadPartnerId: COUNCIL,
  description: 'Senior buy-in, a trauma champion role, dedicated co-ordination',
});
add('CreateWorkstream', {
  workstreamId: 'staff-wellbeing',
  name: 'Staff wellbeing',
  leadPartnerId: 'care-provider',
  description: 'Safe spaces, supervision and awareness of support after the pandemic',
});
add('CreateWorkstream', {
  workstreamId: 'lived-experience',
  name: 'Lived experience in service design',
  leadPartnerId: 'hscp',
});
add('CreateWorkstream', {
  workstreamId: 'evidencing-progress',
  name: 'Evidencing progress with the Roadmap',
  leadPartnerId: COUNCIL,
});

// Seed 001: actions participants identified at the 25 March 2021 learning event.
add('OpenMeeting', {
  meetingId: 'steering-2021-04',
  title: 'Trauma steering group: actions from the 25 March 2021 learning event',
  attendees: [COUNCIL, 'hscp', 'care-provider'],
});
add('RecordDecision', {
  decisionId: 'embed-nttp-resources',
  summary: 'Put NTTP resources into staff training plans and the learning and development strategy',
  rationale: 'An action identified at the adult social care learning event',
});
add('RecordDecision', {
  decisionId: 'develop-champion-role',
  summary: 'Develop a trauma champion role to share information and lead trauma-informed practice',
  rationale: 'Champions across services and teams were named as an enabler of culture change',
});
add('AddMilestone', {
  milestoneId: 'practice-toolkit-review',
  workstreamId: 'nttp-resources',
  title: 'Practice reviewed with the Trauma-Informed Practice Toolkit',
  dueOn: '2021-09-30',
});
add('AddMilestone', {
  milestoneId: 'training-plans',
  workstreamId: 'nttp-resources',
  title: 'NTTP resources in staff training plans',
  dueOn: '2021-12-31',
});
add('AddMilestone', {
  milestoneId: 'champion-role',
  workstreamId: 'leadership',
  title: 'Trauma champion role in place',
  dueOn: '2021-12-31',
});
add('AddMilestone', {
  milestoneId: 'wellbeing-space',
  workstreamId: 'staff-wellbeing',
  title: 'Time and space at work to reflect on wellbeing',
  dueOn: '2022-03-31',
});
add('AssignAction', {
  actionId: 'share-nttp-resources',
  title: 'Share NTTP resources with staff and encourage their use',
  ownerPartnerId: COUNCIL,
  dueOn: '2021-06-30',
  decisionId: 'embed-nttp-resources',
});
add('RaiseRisk', {
  riskId: 'staff-time',
  title: 'Lack of staff time and resources to see how practice can be adapted',
  likelihood: 4,
  impact: 4,
  ownerPartnerId: COUNCIL,
});
add('RaiseRisk', {
  riskId: 'workload',
  title: 'Workload and expectations felt to be at odds with trauma-informed service design',
  likelihood: 3,
  impact: 3,
  ownerPartnerId: 'care-provider',
});
add('ChangeRag', {
  subject: { kind: 'programme' },
  rag: 'amber',
  reason: 'Illustrative: early stages, as many organisations at the March 2021 event described themselves',
});
// Seed 001, "Barriers and Enablers" and "Support required": raised at the same meeting.
add('RaiseIssue', {
  issueId: 'barrier-staff-time',
  kind: 'barrier',
  title: 'Lack of time and resources for staff to recognise how practice can be adapted',
  addressedTo: 'steering-group',
  workstreamId: 'nttp-resources',
});
add('RaiseIssue', {
  issueId: 'barrier-distancing',
  kind: 'barrier',
  title: 'Physical constraints on meetings from social distancing and COVID-19 make ideas harder to share',
  addressedTo: 'steering-group',
});
add('RaiseIssue', {
  issueId: 'enabler-senior-buy-in',
  kind: 'enabler',
  title: 'Buy-in from senior management and sector leaders',
  workstreamId: 'leadership',
});
add('RaiseIssue', {
  issueId: 'enabler-champions',
  kind: 'enabler',
  title: 'Champions across services and teams to support culture change',
  workstreamId: 'leadership',
});
add('RaiseIssue', {
  issueId: 'support-funding',
  kind: 'support-request',
  title: 'Sustainable funding and resource for training the workforce and wider transformational change',
  addressedTo: 'national',
});
add('RaiseIssue', {
  issueId: 'support-leaders-guidance',
  kind: 'support-request',
  title: 'National guidance and support for leaders on their role in a trauma-informed approach',
  addressedTo: 'national',
  workstreamId: 'leadership',
});
add('CloseMeeting', { meetingId: 'steering-2021-04' });

on('2021-06-30');
add('CompleteAction', { actionId: 'share-nttp-resources', completedOn: '2021-06-30' });
add('RecordTraining', {
  partnerId: COUNCIL,
  level: 1,
  audience: 'Adult social care staff: NTTP trauma-informed e-learning (figures illustrative)',
  sessions: 1,
  attendees: 240,
  deliveredOn: '2021-06-30',
});

on('2021-09-28');
add('CompleteMilestone', { milestoneId: 'practice-toolkit-review', completedOn: '2021-09-28' });

on('2021-12-01');
add('AppointChampion', {
  championId: 'senior-trauma-champion',
  partnerId: COUNCIL,
  name: 'Senior leader (illustrative)',
  role: 'Trauma Champion, national champions network',
});
add('AppointChampion', {
  championId: 'care-wellbeing-champion',
  partnerId: 'care-provider',
  name: 'Care home manager (illustrative)',
  role: 'Wellbeing champion',
});
add('CompleteMilestone', { milestoneId: 'champion-role', completedOn: '2021-12-01' });

on('2021-12-15');
add('RescheduleMilestone', {
  milestoneId: 'training-plans',
  dueOn: '2022-03-31',
  reason: 'Illustrative: capacity constraints limit engagement with training and development',
});

on('2022-03-30');
add('RespondToIssue', {
  issueId: 'barrier-distancing',
  response: 'Steering group and team meetings back in person from spring 2022',
  status: 'resolved',
});
add('CompleteMilestone', { milestoneId: 'training-plans', completedOn: '2022-03-30' });
add('CompleteMilestone', { milestoneId: 'wellbeing-space', completedOn: '2022-03-30' });
add('RecordTraining', {
  partnerId: 'care-provider',
  level: 2,
  audience: 'Frontline care staff: trauma-skilled sessions (figures illustrative)',
  sessions: 5,
  attendees: 70,
  deliveredOn: '2022-03-30',
});

// Seed 002: the Roadmap, published October 2023, with its readiness checklist.
on('2023-11-15');
add('OpenMeeting', {
  meetingId: 'steering-2023-11',
  title: 'Trauma steering group: adopting the NTTP Roadmap',
  attendees: [COUNCIL, 'hscp', 'care-provider', 'improvement-service'],
});
add('RecordDecision', {
  decisionId: 'adopt-roadmap',
  summary: 'Self-assess against the NTTP Roadmap and its readiness checklist, and re-assess to show progress',
  rationale: 'The Roadmap helps organisations reflect on progress, strengths and opportunities',
});
add('RecordDecision', {
  decisionId: 'few-priorities',
  summary: 'Pick a small number of priorities from each self-assessment',
  rationale: 'No one-size-fits-all approach; a few priorities keep focus',
});
add('AddMilestone', {
  milestoneId: 'roadmap-baseline',
  workstreamId: 'evidencing-progress',
  title: 'Baseline Roadmap self-assessment',
  dueOn: '2024-01-31',
});
add('AddMilestone', {
  milestoneId: 'roadmap-reassessment-2024',
  workstreamId: 'evidencing-progress',
  title: 'Second Roadmap self-assessment',
  dueOn: '2024-09-30',
});
add('AddMilestone', {
  milestoneId: 'roadmap-reassessment-2025',
  workstreamId: 'evidencing-progress',
  title: 'Third Roadmap self-assessment',
  dueOn: '2025-03-31',
});
add('AddMilestone', {
  milestoneId: 'lens-walk-through',
  workstreamId: 'lived-experience',
  title: 'Trauma Lens Walk-through of a service with people with lived experience',
  dueOn: '2024-10-31',
});
add('ChangeRag', {
  subject: { kind: 'workstream', id: 'evidencing-progress' },
  rag: 'amber',
  reason: 'Illustrative: no baseline yet',
});
add('CloseMeeting', { meetingId: 'steering-2023-11' });

on('2024-01-17');
// Readiness re-assessments (seed 002) as an indicator: how many of the six domains are
// consistently present, against a target of all six.
add('DefineIndicator', {
  indicatorId: 'domains-consistently-present',
  name: 'Roadmap readiness domains consistently present (of six)',
  unit: 'count',
  direction: 'increase',
  baseline: { value: 0, on: '2024-01-17' },
  target: { value: 6, by: '2026-03-31' },
  ownerPartnerId: COUNCIL,
  workstreamId: 'evidencing-progress',
});
assessRound('Illustrative baseline self-assessment against the Roadmap readiness checklist', rounds['2024-01-17']);
add('CompleteMilestone', { milestoneId: 'roadmap-baseline', completedOn: '2024-01-17' });

on('2024-02-14');
add('OpenMeeting', {
  meetingId: 'steering-2024-02',
  title: 'Trauma steering group: baseline self-assessment',
  attendees: [COUNCIL, 'hscp', 'care-provider', 'nhs-education-scotland'],
});
add('RecordDecision', {
  decisionId: 'fund-coordinator',
  summary: 'Fund a trauma-informed practice co-ordinator for 2024/25',
  rationale: 'Illustrative: the baseline found no coordination resource',
  alternativesRejected: ['Add the work to existing learning and development posts (illustrative)'],
});
add('AllocateFunding', {
  allocationId: 'coordinator-2024-25',
  source: 'Council adult social care budget',
  amountPence: 3_900_000,
  financialYear: '2024/25',
  partnerId: COUNCIL,
  workstreamId: 'leadership',
  purpose: 'Trauma-informed practice co-ordinator (amount illustrative)',
});
add('AddMilestone', {
  milestoneId: 'coordinator-in-post',
  workstreamId: 'leadership',
  title: 'Trauma-informed practice co-ordinator in post',
  dueOn: '2024-04-30',
});
add('AssignAction', {
  actionId: 'recruit-coordinator',
  title: 'Recruit the trauma-informed practice co-ordinator',
  ownerPartnerId: COUNCIL,
  dueOn: '2024-04-30',
  decisionId: 'fund-coordinator',
});
add('ChangeRag', {
  subject: { kind: 'workstream', id: 'leadership' },
  rag: 'amber',
  reason: 'Illustrative: strategic support emerging; no coordination resource at baseline',
});
add('ChangeRag', {
  subject: { kind: 'partner', id: COUNCIL },
  rag: 'amber',
  reason: 'Illustrative: baseline shows four of six domains not present',
});
add('ChangeRag', {
  subject: { kind: 'workstream', id: 'evidencing-progress' },
  rag: 'green',
  reason: 'Illustrative: baseline complete',
});
add('CloseMeeting', { meetingId: 'steering-2024-02' });

on('2024-04-29');
add('CompleteMilestone', { milestoneId: 'coordinator-in-post', completedOn: '2024-04-29' });
add('CompleteAction', { actionId: 'recruit-coordinator', completedOn: '2024-04-29' });

on('2024-09-18');
assessRound('Illustrative second self-assessment against the Roadmap', rounds['2024-09-18']);
add('RecordMeasurement', { indicatorId: 'domains-consistently-present', value: 2, on: '2024-09-18' });
add('CompleteMilestone', { milestoneId: 'roadmap-reassessment-2024', completedOn: '2024-09-18' });
add('RescheduleMilestone', {
  milestoneId: 'lens-walk-through',
  dueOn: '2025-03-31',
  reason: 'Illustrative: more time to agree a safe process with people with lived experience',
});
add('ChangeRag', {
  subject: { kind: 'programme' },
  rag: 'green',
  reason: 'Illustrative: five of six readiness domains moved up since the baseline',
});
add('ChangeRag', {
  subject: { kind: 'workstream', id: 'leadership' },
  rag: 'green',
  reason: 'Illustrative: co-ordinator in post; strategic support consistently present',
});
add('ChangeRag', {
  subject: { kind: 'partner', id: COUNCIL },
  rag: 'green',
  reason: 'Illustrative: every domain emerging or better at the second self-assessment',
});
add('ChangeRag', {
  subject: { kind: 'workstream', id: 'lived-experience' },
  rag: 'amber',
  reason: 'Illustrative: walk-through moved to March 2025',
});

// A late entry: the finance figure arrived four weeks after the month end.
on('2024-09-30', { recordedAt: '2024-10-28T15:40:00.000Z' });
add('RecordSpend', {
  allocationId: 'coordinator-2024-25',
  amountPence: 1_600_000,
  spentOn: '2024-09-30',
  note: 'Illustrative: co-ordinator costs, May to September 2024',
});

// Seed 002: recommendations of the January 2025 Roadmap webinar.
on('2025-02-19');
add('OpenMeeting', {
  meetingId: 'steering-2025-02',
  title: 'Trauma steering group: after the January 2025 Roadmap webinar',
  attendees: [COUNCIL, 'hscp', 'care-provider', 'improvement-service'],
});
add('RecordDecision', {
  decisionId: 'evidence-consistently',
  summary: 'Evidence progress the same way each round, domain by domain',
  rationale: 'The webinar recommended a consistent approach to evidencing progress and impact',
});
add('RecordDecision', {
  decisionId: 'join-peer-workshops',
  summary: 'Join the collaborative peer workshops for those leading implementation',
  rationale: 'The webinar recommended continued peer support for networking and sharing practice',
});
add('CloseMeeting', { meetingId: 'steering-2025-02' });

on('2025-03-12');
assessRound('Illustrative third self-assessment against the Roadmap', rounds['2025-03-12']);
const miscounted = add('RecordMeasurement', {
  indicatorId: 'domains-consistently-present',
  value: 5,
  on: '2025-03-12',
});
add('CompleteMilestone', { milestoneId: 'roadmap-reassessment-2025', completedOn: '2025-03-12' });

// The count was typed as five; system resourcing is still emerging, so four. Corrected in one
// step the next morning, recorded against the same date.
on('2025-03-12', { recordedAt: '2025-03-13T09:20:00.000Z' });
correct(miscounted, 'Miscounted: system resourcing is still emerging, so four domains, not five', {
  type: 'RecordMeasurement',
  data: { indicatorId: 'domains-consistently-present', value: 4, on: '2025-03-12' },
});

on('2025-03-26');
add('CompleteMilestone', { milestoneId: 'lens-walk-through', completedOn: '2025-03-26' });
add('CloseRisk', {
  riskId: 'workload',
  reason: 'Illustrative: staff wellbeing now consistently present in the self-assessment',
});
add('RecordSpend', {
  allocationId: 'coordinator-2024-25',
  amountPence: 2_200_000,
  spentOn: '2025-03-26',
  note: 'Illustrative: co-ordinator costs, October 2024 to March 2025',
});

on('2025-03-26', 'council-partner-lead');
add('SubmitHighlightReport', {
  partnerId: COUNCIL,
  lead: 'Head of Adult Social Care',
  summary: 'Illustrative report: three Roadmap self-assessments; four of six domains consistently present',
  successes: [
    'Co-ordinator in post since April 2024',
    'Trauma Lens Walk-through completed with people with lived experience',
  ],
  challenges: ['System resourcing still emerging', 'Lack of staff time to reflect on practice'],
  upcoming: [{ title: 'Next Roadmap self-assessment', dueOn: '2025-09-30' }],
});

export const readiness: DemoProgramme = { programmeId: 'nttp-readiness', commands };

/** What the folded state must show: each round's levels, as of that round's date. */
export const readinessFacts = {
  programmeId: 'nttp-readiness',
  source:
    'Improvement Service adult social care learning report (event of 25 March 2021); NTTP Roadmap webinar report (January 2025)',
  asOf: '2025-03-31',
  partnerId: COUNCIL,
  domains,
  scale: ['not-present', 'emerging', 'consistently-present'],
  roadmapPublished: '2023-10',
  learningEventOn: '2021-03-25',
  webinar: { month: '2025-01', attendees: 561, localAuthorities: 31 },
  /** The correction: `wrong` replaced by `right` for the measurement of `on`, a day later. */
  correction: {
    indicatorId: 'domains-consistently-present',
    on: '2025-03-12',
    wrong: 5,
    right: 4,
    correctedOn: '2025-03-13',
  },
  /** The Improvement Service report's barriers, enablers and support requests (seed 001). */
  issueKinds: { barrier: 2, enabler: 2, 'support-request': 2 },
  /** The late entry: the spend of `occurredOn` was recorded only on `recordedOn`. */
  lateEntry: {
    allocationId: 'coordinator-2024-25',
    occurredOn: '2024-09-30',
    recordedOn: '2024-10-28',
    amountPence: 1_600_000,
  },
  /** Illustrative levels: the documents give the method, not any organisation's scores. */
  rounds,
  illustrative: [
    'the organisation and its partners (the council, partnership and care provider)',
    'every self-assessment level, date and piece of evidence',
    'all dates from 21 April 2021 on, training figures, champions, funding and spends',
    'every RAG value, risk score and the milestone slips',
  ],
} as const;
