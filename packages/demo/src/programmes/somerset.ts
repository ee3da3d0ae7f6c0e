import { ILLUSTRATIVE, programmeBuilder, type DemoProgramme } from '../types.js';

/*
 * Trauma Informed Somerset, from the Somerset County Council scrutiny report (2022/23): seed 004.
 * Section numbers below are the report's. The report's timeline (§3.5) is an estimate made before
 * January 2023; what happened afterwards (completions, slips, training figures, champions' names,
 * money) is illustrative: recorded with `illustrative: true`, and saying so in its reason, note,
 * purpose or audience, and in `somersetFacts.illustrative`. People appear by role title or as
 * clearly illustrative labels. Recording times are simulated: each block is recorded on its day;
 * the charter launch, first recorded as done, is retracted two weeks later.
 */
const { add, on, retract, commands } = programmeBuilder('tis-coordinator');

const workingGroup = [
  'somerset-county-council',
  'somerset-ft',
  'somerset-icb',
  'avon-somerset-police',
  'vcse-sector',
  'primary-care',
];

on('2022-04-01');
add('LaunchProgramme', {
  name: 'Trauma Informed Somerset',
  ambition:
    'A coordinated, system-wide trauma informed model, spread through tiered training and a network of champions',
});
// §3.1: the working group's members.
add('AddPartner', {
  partnerId: 'somerset-county-council',
  name: 'Somerset County Council',
  sector: 'local-authority',
  lead: "Joint Strategic Commissioner, Children's and Health",
});
add('AddPartner', { partnerId: 'somerset-ft', name: 'Somerset Foundation Trust', sector: 'nhs' });
add('AddPartner', { partnerId: 'somerset-icb', name: 'Somerset ICB', sector: 'nhs' });
add('AddPartner', { partnerId: 'avon-somerset-police', name: 'Avon and Somerset Police', sector: 'police' });
add('AddPartner', { partnerId: 'vcse-sector', name: 'VCSE sector', sector: 'third-sector' });
add('AddPartner', { partnerId: 'primary-care', name: 'Primary Care', sector: 'nhs' });

// §3.2: four key areas from the literature review become task-and-finish workstreams (the
// working group's meeting dates are not given).
on('2022-06-15');
add(
  'OpenMeeting',
  { meetingId: 'working-group-2022-06', title: 'Trauma informed working group: model design', attendees: workingGroup },
  ILLUSTRATIVE,
);
add('RecordDecision', {
  decisionId: 'four-workstreams',
  summary: 'Create four task-and-finish workstreams: principles, training, service delivery, organisational change',
  rationale: 'The four key areas found by a literature review of UK and US trauma informed models',
});
add('CreateWorkstream', {
  workstreamId: 'principles',
  name: 'Principles',
  description: 'Task and finish: the initial principles and the charter',
});
add('CreateWorkstream', {
  workstreamId: 'training',
  name: 'Training',
  description: 'Task and finish: tiered offer, tier 1 free online, tiers 2-3 through facilitators',
});
add('CreateWorkstream', {
  workstreamId: 'service-delivery',
  name: 'Service delivery',
  description: 'Task and finish: follows the other three, once organisations are ready',
});
add('CreateWorkstream', {
  workstreamId: 'organisational-change',
  name: 'Organisational change',
  description: 'Task and finish: co-ordinator, champions network and network events',
});
add('RecordDecision', {
  decisionId: 'delivery-follows',
  summary: 'Service delivery to follow principles, training and organisational change',
  rationale: 'Improves organisational readiness to implement models of delivery',
});
add(
  'ChangeRag',
  {
    subject: { kind: 'programme' },
    rag: 'amber',
    reason: 'Illustrative: the report gives no RAG; model still in design',
  },
  ILLUSTRATIVE,
);
add('CloseMeeting', { meetingId: 'working-group-2022-06' }, ILLUSTRATIVE);

// §3.2-§3.5: principles folded into the other groups; business case and its estimated timeline.
on('2022-10-19');
add(
  'OpenMeeting',
  {
    meetingId: 'working-group-2022-10',
    title: 'Trauma informed working group: business case',
    attendees: workingGroup,
  },
  ILLUSTRATIVE,
);
add('RecordDecision', {
  decisionId: 'principles-split',
  summary: 'Principles workstream, having formed the initial principles, splits into the other groups',
});
add('RecordDecision', {
  decisionId: 'business-case',
  summary:
    'Business case: co-ordinator, tiered training, psychologist role, champions network with a charter, regular network events, tier 1 in SCC mandatory training',
  rationale: 'Pockets of good practice but different understandings and no consistent training offer across the system',
});
add('AddPartner', { partnerId: 'somerset-education', name: 'Education', sector: 'education' });
add('AddMilestone', {
  milestoneId: 'business-case-board',
  workstreamId: 'organisational-change',
  title: 'Business case to the Mental Health, Autism and Learning Disabilities Programme Board',
  dueOn: '2023-01-31',
});
add('AddMilestone', {
  milestoneId: 'network-charter-launch',
  workstreamId: 'principles',
  title: 'Trauma Informed Network and Charter launch',
  dueOn: '2023-01-31',
});
add('AddMilestone', {
  milestoneId: 'coordinator-recruited',
  workstreamId: 'organisational-change',
  title: 'Co-ordinator recruited',
  dueOn: '2023-05-31',
});
add('AddMilestone', {
  milestoneId: 'psychologist-role',
  workstreamId: 'training',
  title: 'Psychologist role advertised or procured from partners',
  dueOn: '2023-05-31',
});
add('AddMilestone', {
  milestoneId: 'network-event-2',
  workstreamId: 'organisational-change',
  title: 'Second trauma informed network event',
  dueOn: '2023-06-30',
});
add('AddMilestone', {
  milestoneId: 'network-event-3',
  workstreamId: 'training',
  title: 'Third network event: feedback on training and on tailored training by champions',
  dueOn: '2023-11-30',
});
add('AddMilestone', {
  milestoneId: 'full-evaluation',
  workstreamId: 'service-delivery',
  title: "Full evaluation to form the following year's strategy",
  dueOn: '2024-05-31',
});
add(
  'AssignAction',
  {
    actionId: 'present-business-case',
    title: 'Present the business case to the MHALD Programme Board',
    ownerPartnerId: 'somerset-county-council',
    dueOn: '2023-01-31',
    decisionId: 'business-case',
  },
  ILLUSTRATIVE,
);
add(
  'AssignAction',
  {
    actionId: 'tier-1-mandatory',
    title: 'Add the free online tier 1 training to SCC mandatory training on the Learning Centre',
    ownerPartnerId: 'somerset-county-council',
    dueOn: '2023-09-30',
    decisionId: 'business-case',
  },
  ILLUSTRATIVE,
);
add(
  'RaiseRisk',
  {
    riskId: 'schools-capacity',
    title: 'Some schools have limited staff capacity to take on further training',
    likelihood: 4,
    impact: 3,
    ownerPartnerId: 'somerset-education',
  },
  ILLUSTRATIVE,
);
add(
  'RaiseRisk',
  {
    riskId: 'no-consistent-offer',
    title: 'Different understandings of trauma informed practice; no consistent training offer',
    likelihood: 3,
    impact: 3,
    ownerPartnerId: 'somerset-county-council',
  },
  ILLUSTRATIVE,
);
add(
  'ChangeRag',
  {
    subject: { kind: 'workstream', id: 'principles' },
    rag: 'green',
    reason: 'Illustrative: initial principles formed and the workstream folded into the others (§3.2)',
  },
  ILLUSTRATIVE,
);
add(
  'ChangeRag',
  {
    subject: { kind: 'workstream', id: 'training' },
    rag: 'amber',
    reason: 'Illustrative: no consistent training offer yet across the system (§3.4)',
  },
  ILLUSTRATIVE,
);
add(
  'ChangeRag',
  {
    subject: { kind: 'partner', id: 'somerset-education' },
    rag: 'amber',
    reason: 'Illustrative: some schools struggle to take on further training (§3.4)',
  },
  ILLUSTRATIVE,
);
add('CloseMeeting', { meetingId: 'working-group-2022-10' }, ILLUSTRATIVE);

on('2023-01-13', { by: 'scc-partner-lead', illustrative: true });
add('SubmitHighlightReport', {
  partnerId: 'somerset-county-council',
  lead: "Joint Strategic Commissioner, Children's and Health",
  summary: 'System-wide trauma informed model ready for the programme board and network launch',
  successes: [
    'Four task-and-finish workstreams set up from the literature review',
    'Principles and charter shaped with young people and lived experience',
    'Business case drafted with the working group',
  ],
  challenges: ['No consistent training offer across the system', 'Limited staff capacity in some schools'],
  upcoming: [
    { title: 'Trauma Informed Network and Charter launch', dueOn: '2023-01-31' },
    { title: 'Co-ordinator recruited', dueOn: '2023-05-31' },
    { title: 'Full evaluation', dueOn: '2024-05-31' },
  ],
});

// §2.1. The committee's date is from the council's published minutes, not the report.
on('2023-01-16', { illustrative: true });
add('OpenMeeting', {
  meetingId: 'scrutiny-2023-01-16',
  title: 'Children and Families Scrutiny Committee: Trauma Informed Somerset',
  attendees: ['somerset-county-council'],
});
add('RecordDecision', {
  decisionId: 'scrutiny-noted',
  summary: 'Note the progress of the Trauma Informed Somerset model and support the system-wide response',
});
add(
  'ChangeRag',
  {
    subject: { kind: 'partner', id: 'somerset-county-council' },
    rag: 'green',
    reason: 'Illustrative: scrutiny committee supports the proposed system-wide response (§2.1)',
  },
  ILLUSTRATIVE,
);
add('CloseMeeting', { meetingId: 'scrutiny-2023-01-16' });

// The network launch date (24 January 2023) is from the council's published minutes. The
// charter was only released for consultation that day; the completion recorded here is
// retracted below, as a coordinator would correct the record.
on('2023-01-24', { illustrative: true });
const charterRecordedAsLaunched = add('CompleteMilestone', {
  milestoneId: 'network-charter-launch',
  completedOn: '2023-01-24',
});
add('AppointChampion', {
  championId: 'champion-sft',
  partnerId: 'somerset-ft',
  name: 'Champion A (illustrative)',
  role: 'Trauma informed champion',
});
add('AppointChampion', {
  championId: 'champion-police',
  partnerId: 'avon-somerset-police',
  name: 'Champion B (illustrative)',
  role: 'Trauma informed champion',
});
add('AppointChampion', {
  championId: 'champion-vcse',
  partnerId: 'vcse-sector',
  name: 'Champion C (illustrative)',
  role: 'Trauma informed champion',
});
add('AppointChampion', {
  championId: 'champion-schools',
  partnerId: 'somerset-education',
  name: 'Champion D (illustrative)',
  role: 'Trauma informed champion',
});
add(
  'ChangeRag',
  {
    subject: { kind: 'programme' },
    rag: 'green',
    reason: 'Illustrative: network launched as planned for January 2023 (§3.5)',
  },
  ILLUSTRATIVE,
);

on('2023-01-31', { illustrative: true });
add('OpenMeeting', {
  meetingId: 'mhald-board-2023-01',
  title: 'Mental Health, Autism and Learning Disabilities Programme Board: business case',
  attendees: ['somerset-county-council', 'somerset-icb', 'somerset-ft'],
});
add('RecordDecision', {
  decisionId: 'business-case-endorsed',
  summary: 'Business case endorsed: co-ordinator funded by health and social care system partners',
  rationale: 'Illustrative outcome: the report says only that the case will be presented (§3.3)',
});
add('CompleteMilestone', { milestoneId: 'business-case-board', completedOn: '2023-01-31' });
add('CompleteAction', { actionId: 'present-business-case', completedOn: '2023-01-31' });
add('AllocateFunding', {
  allocationId: 'coordinator-2023-24',
  source: 'Health and social care system partners',
  amountPence: 4_200_000,
  financialYear: '2023/24',
  workstreamId: 'organisational-change',
  purpose: 'Trauma informed co-ordinator post (amount illustrative)',
});
add('AllocateFunding', {
  allocationId: 'network-events-2023-24',
  source: 'Health and social care system partners',
  amountPence: 600_000,
  financialYear: '2023/24',
  workstreamId: 'organisational-change',
  purpose: 'Trauma informed network events (amount illustrative)',
});
add('CloseMeeting', { meetingId: 'mhald-board-2023-01' });

on('2023-02-06');
retract(
  charterRecordedAsLaunched,
  'Recorded in error: on 24 January the charter was released for consultation, not launched',
);
add(
  'RescheduleMilestone',
  {
    milestoneId: 'network-charter-launch',
    dueOn: '2023-06-30',
    reason: 'Illustrative: the charter launches after its consultation, at the second network event',
  },
  ILLUSTRATIVE,
);

on('2023-06-14', { illustrative: true });
add('CompleteMilestone', { milestoneId: 'network-event-2', completedOn: '2023-06-14' });
add('CompleteMilestone', { milestoneId: 'network-charter-launch', completedOn: '2023-06-14' });
add(
  'RecordSpend',
  {
    allocationId: 'network-events-2023-24',
    amountPence: 180_000,
    spentOn: '2023-06-14',
    note: 'Illustrative: venue and speaker costs for the second network event',
  },
  ILLUSTRATIVE,
);

on('2023-06-21', { illustrative: true });
add('OpenMeeting', {
  meetingId: 'steering-2023-06',
  title: 'Trauma Informed Somerset steering group: June 2023',
  attendees: ['somerset-county-council', 'somerset-ft', 'somerset-icb', 'vcse-sector', 'somerset-education'],
});
add(
  'RescheduleMilestone',
  {
    milestoneId: 'coordinator-recruited',
    dueOn: '2023-09-30',
    reason: 'Illustrative: co-ordinator not in post by the estimated April/May 2023 (§3.5)',
  },
  ILLUSTRATIVE,
);
add(
  'RescheduleMilestone',
  {
    milestoneId: 'psychologist-role',
    dueOn: '2023-11-30',
    reason:
      'Illustrative: the psychologist role is procured through the co-ordinator (§3.5), so it moves with that post',
  },
  ILLUSTRATIVE,
);
add('RecordDecision', {
  decisionId: 'interim-coordination',
  summary: 'Council covers network co-ordination until the co-ordinator starts',
  rationale: 'Illustrative: keeps the champions network going through the recruitment slip',
});
add(
  'AssignAction',
  {
    actionId: 'interim-coordination',
    title: 'Co-ordinate the champions network until the co-ordinator is in post',
    ownerPartnerId: 'somerset-county-council',
    dueOn: '2023-09-30',
    decisionId: 'interim-coordination',
  },
  ILLUSTRATIVE,
);
add(
  'ChangeRag',
  {
    subject: { kind: 'programme' },
    rag: 'amber',
    reason: 'Illustrative: co-ordinator and psychologist milestones slipped',
  },
  ILLUSTRATIVE,
);
add(
  'ChangeRag',
  {
    subject: { kind: 'workstream', id: 'organisational-change' },
    rag: 'amber',
    reason: 'Illustrative: co-ordinator recruitment moved to September 2023',
  },
  ILLUSTRATIVE,
);
add(
  'ChangeRag',
  {
    subject: { kind: 'partner', id: 'somerset-icb' },
    rag: 'amber',
    reason: 'Illustrative: co-ordinator funding across system partners still being agreed',
  },
  ILLUSTRATIVE,
);
add(
  'ChangeRag',
  {
    subject: { kind: 'partner', id: 'somerset-ft' },
    rag: 'green',
    reason: 'Illustrative: champion in post since the network launch',
  },
  ILLUSTRATIVE,
);
add(
  'ChangeRag',
  {
    subject: { kind: 'partner', id: 'vcse-sector' },
    rag: 'green',
    reason: 'Illustrative: champion in post since the network launch',
  },
  ILLUSTRATIVE,
);
add('CloseMeeting', { meetingId: 'steering-2023-06' });

on('2023-09-25', { illustrative: true });
add('CompleteMilestone', { milestoneId: 'coordinator-recruited', completedOn: '2023-09-25' });
add('CompleteAction', { actionId: 'interim-coordination', completedOn: '2023-09-25' });
add('CompleteAction', { actionId: 'tier-1-mandatory', completedOn: '2023-09-25' });
add(
  'ChangeRag',
  {
    subject: { kind: 'workstream', id: 'organisational-change' },
    rag: 'green',
    reason: 'Illustrative: co-ordinator in post',
  },
  ILLUSTRATIVE,
);

on('2023-10-31', { illustrative: true });
add('RecordTraining', {
  partnerId: 'somerset-county-council',
  level: 1,
  audience: 'Tier 1: free online training, SCC Learning Centre (figures illustrative)',
  sessions: 1,
  attendees: 420,
  deliveredOn: '2023-10-31',
});

on('2023-11-15', { illustrative: true });
add('OpenMeeting', {
  meetingId: 'steering-2023-11',
  title: 'Trauma Informed Somerset steering group: November 2023',
  attendees: ['somerset-county-council', 'somerset-ft', 'somerset-icb', 'avon-somerset-police', 'vcse-sector'],
});
add('CompleteMilestone', { milestoneId: 'psychologist-role', completedOn: '2023-11-15' });
add(
  'RescheduleMilestone',
  {
    milestoneId: 'network-event-3',
    dueOn: '2024-01-31',
    reason:
      "Illustrative: moved so the champions' tailored training, begun after the co-ordinator started, can be reported",
  },
  ILLUSTRATIVE,
);
add('RecordTraining', {
  partnerId: 'somerset-county-council',
  level: 2,
  audience: 'Tier 2: facilitated sessions by the co-ordinator and champions (figures illustrative)',
  sessions: 6,
  attendees: 95,
  deliveredOn: '2023-11-15',
});
add(
  'ChangeRag',
  {
    subject: { kind: 'workstream', id: 'training' },
    rag: 'green',
    reason: 'Illustrative: tiers 1 and 2 delivered; psychologist role procured for tier 3',
  },
  ILLUSTRATIVE,
);
add(
  'ChangeRag',
  {
    subject: { kind: 'workstream', id: 'service-delivery' },
    rag: 'amber',
    reason: 'Illustrative: delivery models follow the other three workstreams (§3.2); evaluation due May 2024',
  },
  ILLUSTRATIVE,
);
add(
  'ChangeRag',
  {
    subject: { kind: 'partner', id: 'somerset-icb' },
    rag: 'green',
    reason: 'Illustrative: co-ordinator post funded and filled',
  },
  ILLUSTRATIVE,
);
add('CloseMeeting', { meetingId: 'steering-2023-11' });

on('2024-01-30', { illustrative: true });
add('CompleteMilestone', { milestoneId: 'network-event-3', completedOn: '2024-01-30' });
add(
  'RecordSpend',
  {
    allocationId: 'network-events-2023-24',
    amountPence: 210_000,
    spentOn: '2024-01-30',
    note: 'Illustrative: costs of the third network event',
  },
  ILLUSTRATIVE,
);
add(
  'ChangeRag',
  {
    subject: { kind: 'programme' },
    rag: 'green',
    reason: 'Illustrative: slipped milestones recovered; full evaluation next (§3.5)',
  },
  ILLUSTRATIVE,
);

on('2024-03-20', { illustrative: true });
add('RecordTraining', {
  partnerId: 'somerset-ft',
  level: 3,
  audience: 'Tier 3: psychologist-led sessions (figures illustrative)',
  sessions: 2,
  attendees: 24,
  deliveredOn: '2024-03-20',
});

on('2024-03-27', { by: 'scc-partner-lead', illustrative: true });
add('SubmitHighlightReport', {
  partnerId: 'somerset-county-council',
  lead: "Joint Strategic Commissioner, Children's and Health",
  summary: 'Illustrative report: co-ordinator in post, tiers 1-3 delivered, evaluation next',
  successes: ['Network and charter launched', 'Co-ordinator and psychologist in post', 'Third network event held'],
  challenges: ['Co-ordinator recruitment slipped four months', 'Limited staff capacity in some schools'],
  upcoming: [{ title: "Full evaluation to form the following year's strategy", dueOn: '2024-05-31' }],
});

on('2024-03-31', { illustrative: true });
add(
  'RecordSpend',
  {
    allocationId: 'coordinator-2023-24',
    amountPence: 2_100_000,
    spentOn: '2024-03-31',
    note: 'Illustrative: co-ordinator costs, October 2023 to March 2024',
  },
  ILLUSTRATIVE,
);

export const somerset: DemoProgramme = { programmeId: 'trauma-informed-somerset', commands };

/** Figures from seed 004 that the folded state must show. */
export const somersetFacts = {
  programmeId: 'trauma-informed-somerset',
  source: 'Somerset County Council, Trauma Informed Somerset scrutiny report (2022/23)',
  asOf: '2024-03-31',
  /** §3.2 */
  workstreamNames: ['Principles', 'Training', 'Service delivery', 'Organisational change'],
  /** §3.5, each due at the end of its stated month or window. */
  timelineDueOn: {
    'business-case-board': '2023-01-31',
    'network-charter-launch': '2023-01-31',
    'coordinator-recruited': '2023-05-31',
    'psychologist-role': '2023-05-31',
    'network-event-2': '2023-06-30',
    'network-event-3': '2023-11-30',
    'full-evaluation': '2024-05-31',
  },
  /** Illustrative slips: milestone → new due date. */
  slipped: {
    'network-charter-launch': '2023-06-30',
    'coordinator-recruited': '2023-09-30',
    'psychologist-role': '2023-11-30',
    'network-event-3': '2024-01-31',
  },
  /** Before the June 2023 slip was recorded, the two April/May 2023 milestones were simply overdue. */
  overdueBeforeSlip: { asOf: '2023-06-10', milestoneIds: ['coordinator-recruited', 'psychologist-role'] },
  /**
   * The retraction: as known on `knownAt` the charter launch showed done on `asOf`; as known
   * now it is not, and it is done later, on `doneOn`.
   */
  retracted: { milestoneId: 'network-charter-launch', asOf: '2023-01-31', knownAt: '2023-02-01', doneOn: '2023-06-14' },
  /** Still ahead at `asOf`. */
  openAtAsOf: ['full-evaluation'],
  /** §3.3: tier 1 online, tiers 2 and 3 through facilitators. */
  trainingLevels: [1, 2, 3],
  championIds: ['champion-sft', 'champion-police', 'champion-vcse', 'champion-schools'],
  illustrative: [
    'the date the record starts (2022-04-01) and working group meeting dates 2022-06-15 and 2022-10-19',
    'the highlight reports of 2023-01-13 and 2024-03-27',
    'scrutiny committee date 2023-01-16 and network launch 2023-01-24: from the council minutes, not the seed',
    'programme board outcome and every event after January 2023: completions, slips, steering group meetings',
    'funding amounts and spends',
    'training figures for tiers 1-3',
    "champions' names (labels A-D)",
    'every RAG value, risk likelihood and impact, action due dates',
  ],
} as const;
