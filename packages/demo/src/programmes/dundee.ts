import { ILLUSTRATIVE, programmeBuilder, type DemoProgramme } from '../types.js';

/*
 * Dundee Trauma Steering Group, from the Integration Joint Board report DIJB38-2022 (dated
 * 10 May 2022, for the IJB of 22 June 2022): seed 000. Section numbers below are the report's.
 * People appear by role title only. Every value the report does not give (a date it leaves
 * out, a RAG, a spend, a risk score) is recorded with `illustrative: true` and listed in
 * `dundeeFacts.illustrative`. Recording times are simulated: each block is recorded on its day,
 * except the late entry for the Trauma Champion (recorded weeks after the fact).
 */
const { add, on, commands } = programmeBuilder('tsg-coordinator');

const REPORT_DATE = '2022-05-10';
const IJB_DATE = '2022-06-22';

on('2021-01-01');
add('LaunchProgramme', {
  name: 'Dundee Trauma Steering Group',
  ambition: 'Embed trauma-informed practice and leadership across the Dundee Partnership',
});
add('AddPartner', {
  partnerId: 'dundee-city-council',
  name: 'Dundee City Council',
  sector: 'local-authority',
  lead: 'Lead Officer, Protecting People',
});
add('AddPartner', {
  partnerId: 'dundee-hscp',
  name: 'Dundee Health and Social Care Partnership',
  sector: 'other',
  lead: 'Chief Officer',
});
add('AddPartner', { partnerId: 'nhs-tayside', name: 'NHS Tayside', sector: 'nhs' });

add('CreateWorkstream', {
  workstreamId: 'implementation-plan',
  name: 'Implementation plan',
  description: 'Phased roll-out: foundations and leadership buy-in, then full launch with level 1-2 resources',
});
add('CreateWorkstream', {
  workstreamId: 'learning-development',
  name: 'Learning and development',
  description: 'National trauma training framework levels 1-3',
});
add('CreateWorkstream', {
  workstreamId: 'organisational-development',
  name: 'Organisational development',
  description: 'Multi-agency pilot: improvement methodology, coaching, peer networking and mentoring',
});
add('CreateWorkstream', {
  workstreamId: 'lived-experience',
  name: 'Professionals with lived experience',
  description: 'Workforce lived experience recognised, valued and used to co-produce services',
});
add('CreateWorkstream', {
  workstreamId: 'trauma-ambassadors',
  name: 'Trauma ambassadors network',
  description: 'Builds on the national trauma champion arrangements',
});

// §4.2.1: phases identified over 2021; the report gives no due dates.
add(
  'AddMilestone',
  {
    milestoneId: 'phase-1-foundations',
    workstreamId: 'implementation-plan',
    title: 'Phase 1: foundations, leadership development and buy-in',
    dueOn: '2021-06-30',
  },
  ILLUSTRATIVE,
);
add(
  'AddMilestone',
  {
    milestoneId: 'phases-2-3-launch',
    workstreamId: 'implementation-plan',
    title: 'Phases 2-3: full launch with level 1-2 training resources',
    dueOn: '2022-03-31',
  },
  ILLUSTRATIVE,
);
// §4.2.1: the launch event for the 'Becoming Trauma Informed' materials, 87 attendees. The report
// does not call it level 1 training, so it is a milestone here, not a training record.
add(
  'AddMilestone',
  {
    milestoneId: 'becoming-trauma-informed-launch',
    workstreamId: 'implementation-plan',
    title:
      "Launch event for the 'Becoming Trauma Informed' materials: 87 attended across HSCP, DCC, NHS Tayside and the third sector",
    dueOn: '2021-09-30',
  },
  ILLUSTRATIVE,
);

// The event's date is not given (§4.2.1).
on('2021-09-29', { illustrative: true });
add('CompleteMilestone', { milestoneId: 'becoming-trauma-informed-launch', completedOn: '2021-09-29' });

// §4.2.2: £50k for 2021/22 and a further £50k for 2022/23, allocated in October 2021.
on('2021-10-01');
add('AllocateFunding', {
  allocationId: 'sg-trauma-2021-22',
  source: 'Scottish Government £1.6m trauma investment',
  amountPence: 5_000_000,
  financialYear: '2021/22',
  partnerId: 'dundee-city-council',
  purpose: 'Local trauma-informed work, use agreed with community planning partners',
});
add('AllocateFunding', {
  allocationId: 'sg-trauma-2022-23',
  source: 'Scottish Government £1.6m trauma investment',
  amountPence: 5_000_000,
  financialYear: '2022/23',
  partnerId: 'dundee-city-council',
  purpose: 'Local trauma-informed work, use agreed with community planning partners',
});

// §4.2.2: "following consideration at the Trauma Steering Group" (meeting date not given).
on('2021-11-24');
add(
  'OpenMeeting',
  {
    meetingId: 'tsg-2021-11',
    title: 'Trauma Steering Group: use of the Scottish Government allocation',
    attendees: ['dundee-city-council', 'dundee-hscp', 'nhs-tayside'],
  },
  ILLUSTRATIVE,
);
add('RecordDecision', {
  decisionId: 'ld-officer-with-wrasac',
  summary:
    "Partner with the Women's Rape and Sexual Abuse Centre to employ 1 FTE Trauma Learning and Development Officer for an initial 12 months",
  rationale:
    'Adds capacity for the organisational development programme, level 3 co-production, the lived-experience sub-group and links across the protecting people committees',
});
add('AddPartner', {
  partnerId: 'wrasac',
  name: "Women's Rape and Sexual Abuse Centre",
  sector: 'third-sector',
});
add(
  'AssignAction',
  {
    actionId: 'set-up-ld-officer-post',
    title: 'Set up the Trauma Learning and Development Officer post with WRASAC',
    ownerPartnerId: 'dundee-city-council',
    dueOn: '2022-03-31',
    decisionId: 'ld-officer-with-wrasac',
  },
  ILLUSTRATIVE,
);
add(
  'ChangeRag',
  {
    subject: { kind: 'programme' },
    rag: 'amber',
    reason:
      'Illustrative: the report gives no RAG; foundations laid and funding in place, no route yet to level 3 training',
  },
  ILLUSTRATIVE,
);
add('CloseMeeting', { meetingId: 'tsg-2021-11' }, ILLUSTRATIVE);

// §4.1.2: the IJB received a progress report on 15 December 2021; phase 1 is reported as done.
on('2021-12-15', { illustrative: true });
add('CompleteMilestone', { milestoneId: 'phase-1-foundations', completedOn: '2021-12-15' });

// §4.2.3: the Chief Social Work Officer spoke to the Minister in late 2021 "in their capacity as
// a Trauma Champion". A late entry: noticed missing and recorded in January, weeks after the
// fact, so the record as known at the end of 2021 has no champion (the date is illustrative).
on('2021-11-30', { recordedAt: '2022-01-19T14:05:00.000Z', illustrative: true });
add('AppointChampion', {
  championId: 'cswo-trauma-champion',
  partnerId: 'dundee-city-council',
  name: 'Chief Social Work Officer',
  role: 'Trauma Champion',
});

on('2022-03-31', { illustrative: true });
add('CompleteAction', { actionId: 'set-up-ld-officer-post', completedOn: '2022-03-31' });
add(
  'RecordSpend',
  {
    allocationId: 'sg-trauma-2021-22',
    amountPence: 1_250_000,
    spentOn: '2022-03-31',
    note: 'Illustrative: Trauma Learning and Development Officer post costs for 2021/22; the report gives no spend',
  },
  ILLUSTRATIVE,
);

// §4.3.1: priorities for the current financial year, from the implementation plan (meeting date not given).
on('2022-04-27');
add(
  'OpenMeeting',
  {
    meetingId: 'tsg-2022-04',
    title: 'Trauma Steering Group: priorities for 2022/23',
    attendees: ['dundee-city-council', 'dundee-hscp', 'nhs-tayside', 'wrasac'],
  },
  ILLUSTRATIVE,
);
add('RecordDecision', {
  decisionId: 'priorities-2022-23',
  summary:
    'Six priorities for 2022/23: finish level 1-2 roll-out, bespoke level 3, organisational development pilot, lived-experience group, national indicators, trauma ambassadors',
});
add('RecordDecision', {
  decisionId: 'level-3-with-nes',
  summary: 'Design a bespoke Dundee version of level 3 training with NHS Education for Scotland',
  rationale: 'No national level 3 materials are readily available and level 3 needs trained specialist facilitators',
});
add('AddPartner', {
  partnerId: 'nhs-education-scotland',
  name: 'NHS Education for Scotland',
  sector: 'national-body',
});
add('AddMilestone', {
  milestoneId: 'level-1-2-rollout',
  workstreamId: 'learning-development',
  title: 'Level 1-2 roll-out complete, with feedback and impact tracking',
  dueOn: '2023-03-31',
});
add('AddMilestone', {
  milestoneId: 'level-3-bespoke',
  workstreamId: 'learning-development',
  title: 'Bespoke level 3 training resource with NHS Education for Scotland',
  dueOn: '2023-03-31',
});
add('AddMilestone', {
  milestoneId: 'od-pilot',
  workstreamId: 'organisational-development',
  title: 'Pilot the organisational development programme',
  dueOn: '2023-03-31',
});
add('AddMilestone', {
  milestoneId: 'lived-experience-group',
  workstreamId: 'lived-experience',
  title: 'Establish the professionals with lived experience group',
  dueOn: '2023-03-31',
});
add('AddMilestone', {
  milestoneId: 'national-indicators',
  workstreamId: 'implementation-plan',
  title: 'National trauma performance indicators developed and used in Dundee',
  dueOn: '2023-03-31',
});
add('AddMilestone', {
  milestoneId: 'ambassadors-network',
  workstreamId: 'trauma-ambassadors',
  title: 'Network of trauma ambassadors established',
  dueOn: '2023-03-31',
});
add(
  'AssignAction',
  {
    actionId: 'agree-2022-23-allocation',
    title: 'Agree with partners how the 2022/23 £50k allocation is used',
    ownerPartnerId: 'dundee-city-council',
    dueOn: '2022-09-30',
    decisionId: 'priorities-2022-23',
  },
  ILLUSTRATIVE,
);
add(
  'AssignAction',
  {
    actionId: 'adapt-safety-stabilisation',
    title: "Adapt 'Safety and Stabilisation' for staff working with children and young people",
    ownerPartnerId: 'nhs-education-scotland',
    dueOn: '2023-03-31',
    decisionId: 'level-3-with-nes',
  },
  ILLUSTRATIVE,
);
add(
  'RaiseRisk',
  {
    riskId: 'level-3-resources',
    title: 'Level 3 training: no national materials and no trained specialist facilitators yet',
    likelihood: 4,
    impact: 3,
    ownerPartnerId: 'dundee-city-council',
  },
  ILLUSTRATIVE,
);
add(
  'ChangeRag',
  {
    subject: { kind: 'workstream', id: 'learning-development' },
    rag: 'amber',
    reason: 'Illustrative: levels 1-2 under way but no national level 3 materials yet (§4.2.4)',
  },
  ILLUSTRATIVE,
);
add(
  'ChangeRag',
  {
    subject: { kind: 'workstream', id: 'trauma-ambassadors' },
    rag: 'red',
    reason: 'Illustrative: network not yet started; a priority for 2022/23 (§4.3.1)',
  },
  ILLUSTRATIVE,
);
add('ApproveMinutes', { meetingId: 'tsg-2021-11', atMeetingId: 'tsg-2022-04' }, ILLUSTRATIVE);
add('CloseMeeting', { meetingId: 'tsg-2022-04' }, ILLUSTRATIVE);

// People by the role titles the report signs with (§9, end), never invented names; no e-mail
// addresses, since the report gives none. Which partner the Service Manager sits in is a guess.
on('2022-04-27');
add('AddPerson', {
  personId: 'hscp-chief-officer',
  name: 'Chief Officer',
  partnerId: 'dundee-hscp',
  role: 'Chief Officer, Dundee Health and Social Care Partnership',
});
add('AddPerson', {
  personId: 'dcc-lead-officer-protecting-people',
  name: 'Lead Officer, Protecting People',
  partnerId: 'dundee-city-council',
  role: 'Lead Officer, Protecting People',
});
add('AddPerson', {
  personId: 'dcc-team-leader-lod',
  name: 'Team Leader, Learning and Organisational Development',
  partnerId: 'dundee-city-council',
  role: 'Team Leader, Learning and Organisational Development',
});
add(
  'AddPerson',
  {
    personId: 'service-manager-strategy',
    name: 'Service Manager, Strategy and Performance',
    partnerId: 'dundee-hscp',
    role: 'Service Manager, Strategy and Performance',
  },
  ILLUSTRATIVE,
);
// §4.2.4: the manager briefings, counted (141 to date by the report), as a local measure
// while the national performance indicators (§4.3.1) are developed.
add('DefineIndicator', {
  indicatorId: 'managers-briefed',
  name: 'Managers attending the trauma-informed manager briefings',
  unit: 'count',
  direction: 'increase',
  baseline: { value: 0, on: '2022-03-31' },
  workstreamId: 'learning-development',
});
// The round of returns behind the report for the IJB: the round itself is illustrative (the
// report does not describe how it was compiled); one return late, one never made.
add(
  'OpenReportingRound',
  {
    roundId: 'ijb-june-2022',
    title: 'June 2022 IJB update',
    periodFrom: '2021-12-16',
    periodTo: '2022-04-30',
    dueOn: '2022-05-06',
    partnerIds: ['dundee-city-council', 'dundee-hscp', 'nhs-tayside'],
  },
  ILLUSTRATIVE,
);

on('2022-05-05', { by: 'hscp-partner-lead', illustrative: true });
add('SubmitHighlightReport', {
  partnerId: 'dundee-hscp',
  lead: 'Chief Officer',
  roundId: 'ijb-june-2022',
  summary: 'Trauma-informed tests of change and national work on quality indicators',
  successes: [
    'Adolescent services review used a trauma-informed approach to engagement',
    'Dundee represented on the national quality indicator advisory group',
    'Minister for Mental Wellbeing and Social Care briefed on the Dundee approach',
  ],
  challenges: ['Securing leadership support for tests of change across agencies'],
  upcoming: [
    { title: 'Pilot the organisational development programme', dueOn: '2023-03-31' },
    { title: 'Tayside Pathfinder support for tests of change' },
  ],
});

// §4.2.4-4.2.6, as reported on 10 May 2022: done by then (the due dates are illustrative).
on(REPORT_DATE);
add(
  'AddMilestone',
  {
    milestoneId: 'training-need-mapped',
    workstreamId: 'learning-development',
    title: 'Training need mapped at levels 1 and 2',
    dueOn: REPORT_DATE,
  },
  ILLUSTRATIVE,
);
add('CompleteMilestone', { milestoneId: 'training-need-mapped', completedOn: REPORT_DATE });
add(
  'AddMilestone',
  {
    milestoneId: 'manager-toolkits',
    workstreamId: 'learning-development',
    title: 'Manager toolkits developed and shared',
    dueOn: REPORT_DATE,
  },
  ILLUSTRATIVE,
);
add('CompleteMilestone', { milestoneId: 'manager-toolkits', completedOn: REPORT_DATE });
add(
  'AddMilestone',
  {
    milestoneId: 'lived-experience-safe-process',
    workstreamId: 'lived-experience',
    title: 'Safe process: expression of interest, information, screening and consent',
    dueOn: REPORT_DATE,
  },
  ILLUSTRATIVE,
);
add('CompleteMilestone', { milestoneId: 'lived-experience-safe-process', completedOn: REPORT_DATE });
add(
  'RescheduleMilestone',
  {
    milestoneId: 'phases-2-3-launch',
    dueOn: '2023-03-31',
    reason: 'Illustrative dates: the May 2022 report still describes the full launch of phases 2-3 as ahead (§4.2.1)',
  },
  ILLUSTRATIVE,
);
add('RecordMeasurement', {
  indicatorId: 'managers-briefed',
  value: 141,
  on: REPORT_DATE,
  note: '141 managers attended the briefings offered over April and May 2022 (§4.2.4)',
});
add('AddMilestone', {
  milestoneId: 'members-briefing',
  workstreamId: 'implementation-plan',
  title: 'Briefing for IJB and elected members',
  dueOn: '2022-08-31',
});

// The report is the Chief Officer's; these partner returns restate it and are illustrative.
on(REPORT_DATE, { by: 'dcc-partner-lead', illustrative: true });
add('SubmitHighlightReport', {
  partnerId: 'dundee-city-council',
  lead: 'Lead Officer, Protecting People',
  roundId: 'ijb-june-2022',
  summary: 'Level 1-2 delivery under way; Trauma Learning and Development Officer post funded with WRASAC',
  successes: [
    "87 attended the 'Becoming Trauma Informed' launch",
    '141 managers briefed, April-May 2022',
    'Level 1-2 training need mapped; manager toolkits shared',
  ],
  challenges: [
    'No national level 3 materials; specialist facilitators needed',
    "'Safety and Stabilisation' needs adapting for children and young people's services",
  ],
  upcoming: [
    { title: 'Briefing for IJB and elected members', dueOn: '2022-08-31' },
    { title: 'Bespoke level 3 with NHS Education for Scotland', dueOn: '2023-03-31' },
  ],
});

on('2022-06-15', { illustrative: true });
add(
  'RecordSpend',
  {
    allocationId: 'sg-trauma-2022-23',
    amountPence: 1_100_000,
    spentOn: '2022-06-15',
    note: 'Illustrative: Trauma Learning and Development Officer post costs, April-June 2022; the report gives no spend',
  },
  ILLUSTRATIVE,
);

// The IJB meeting the report was written for (§2), its item as the report sets it out: the
// report by the Chief Officer and its two recommendations. Who attended is not in the report.
on(IJB_DATE);
add('OpenMeeting', {
  meetingId: 'ijb-2022-06-22',
  title: 'Integration Joint Board: trauma-informed practice and leadership update (DIJB38-2022)',
  attendees: ['dundee-hscp', 'dundee-city-council', 'nhs-tayside'],
  agenda: [
    { itemId: 'matters-arising', title: 'Matters arising', kind: 'matters-arising' },
    {
      itemId: 'dijb38-2022',
      title: 'Trauma-informed practice and leadership update (report DIJB38-2022, by the Chief Officer)',
      kind: 'report',
      presenterPartnerId: 'dundee-hscp',
    },
    { itemId: 'recommendations', title: 'Recommendations 2.1 and 2.2', kind: 'decision' },
  ],
});
add(
  'RecordAttendance',
  {
    meetingId: 'ijb-2022-06-22',
    present: ['hscp-chief-officer', 'dcc-lead-officer-protecting-people'],
    apologies: [],
  },
  ILLUSTRATIVE,
);
add('StartAgendaItem', { meetingId: 'ijb-2022-06-22', itemId: 'matters-arising' });
add('StartAgendaItem', { meetingId: 'ijb-2022-06-22', itemId: 'dijb38-2022' });
add('StartAgendaItem', { meetingId: 'ijb-2022-06-22', itemId: 'recommendations' });
add('RecordDecision', {
  decisionId: 'ijb-note-progress',
  summary: 'Note progress to date and the planned next steps',
});
add('RecordDecision', {
  decisionId: 'ijb-members-briefing',
  summary: 'Note that a briefing for IJB and elected members will be offered by the end of the summer',
  rationale:
    "National COSLA and Improvement Service sessions come later in the year; a local session fits the new members' induction",
});
add(
  'AssignAction',
  {
    actionId: 'deliver-members-briefing',
    title: 'Deliver the trauma-informed briefing for IJB and elected members',
    ownerPartnerId: 'dundee-hscp',
    dueOn: '2022-08-31',
    decisionId: 'ijb-members-briefing',
  },
  ILLUSTRATIVE,
);
add(
  'ChangeRag',
  {
    subject: { kind: 'programme' },
    rag: 'green',
    reason: 'Illustrative: the IJB noted continued progress with no financial implications (§2.1, §3.1)',
  },
  ILLUSTRATIVE,
);
add(
  'ChangeRag',
  {
    subject: { kind: 'partner', id: 'dundee-city-council' },
    rag: 'green',
    reason: 'Illustrative: allocation committed to the Learning and Development Officer post (§4.2.2)',
  },
  ILLUSTRATIVE,
);
add(
  'ChangeRag',
  {
    subject: { kind: 'partner', id: 'dundee-hscp' },
    rag: 'green',
    reason: 'Illustrative: tests of change and national contributions under way (§4.2.3, §4.2.5)',
  },
  ILLUSTRATIVE,
);
add(
  'ChangeRag',
  {
    subject: { kind: 'partner', id: 'nhs-tayside' },
    rag: 'amber',
    reason: 'Illustrative: the report gives no RAG for NHS Tayside',
  },
  ILLUSTRATIVE,
);
add(
  'ChangeRag',
  {
    subject: { kind: 'workstream', id: 'lived-experience' },
    rag: 'green',
    reason: 'Illustrative: safe engagement process developed with HR, trade unions and clinical psychology (§4.2.6)',
  },
  ILLUSTRATIVE,
);
add(
  'ChangeRag',
  {
    subject: { kind: 'workstream', id: 'organisational-development' },
    rag: 'amber',
    reason: 'Illustrative: pilot planned, not yet started (§4.2.5)',
  },
  ILLUSTRATIVE,
);
add(
  'ChangeRag',
  {
    subject: { kind: 'partner', id: 'wrasac' },
    rag: 'green',
    reason: 'Illustrative: hosts the Trauma Learning and Development Officer post (§4.2.2)',
  },
  ILLUSTRATIVE,
);
add(
  'ChangeRag',
  {
    subject: { kind: 'partner', id: 'nhs-education-scotland' },
    rag: 'amber',
    reason: 'Illustrative: bespoke level 3 design still in discussion (§4.2.4)',
  },
  ILLUSTRATIVE,
);
add(
  'ChangeRag',
  {
    subject: { kind: 'workstream', id: 'implementation-plan' },
    rag: 'amber',
    reason: 'Illustrative: phase 1 done; full launch of phases 2-3 still ahead (§4.2.1)',
  },
  ILLUSTRATIVE,
);
add('CloseReportingRound', { roundId: 'ijb-june-2022' }, ILLUSTRATIVE);
add('CloseMeeting', { meetingId: 'ijb-2022-06-22' });

export const dundee: DemoProgramme = { programmeId: 'dundee-tsg', commands };

/** Figures from seed 000 that the folded state must show. */
export const dundeeFacts = {
  programmeId: 'dundee-tsg',
  source: 'IJB report DIJB38-2022, dated 10 May 2022, for the IJB of 22 June 2022',
  asOf: IJB_DATE,
  reportDate: REPORT_DATE,
  allocationsPenceByYear: { '2021/22': 5_000_000, '2022/23': 5_000_000 },
  nationalInvestmentPence: 160_000_000,
  /** §4.2.1: the launch event, a milestone (the report does not call it level 1 training). */
  launchAttendees: 87,
  /** §4.2.4: managers briefed to date, as a measurement of the local indicator. */
  managersBriefed: 141,
  /** The illustrative round behind the IJB report: returns as of the IJB. */
  round: {
    roundId: 'ijb-june-2022',
    returns: { 'dundee-hscp': 'submitted', 'dundee-city-council': 'late', 'nhs-tayside': 'overdue' },
  },
  /** The report gives no training by level: none is recorded. */
  trainingByLevel: [],
  decisionIds: [
    'ld-officer-with-wrasac',
    'priorities-2022-23',
    'level-3-with-nes',
    'ijb-note-progress',
    'ijb-members-briefing',
  ],
  workstreamIds: [
    'implementation-plan',
    'learning-development',
    'organisational-development',
    'lived-experience',
    'trauma-ambassadors',
  ],
  /** §4.3.1: the six priorities for 2022/23 are milestones due by the end of that financial year. */
  priorityMilestonesDueOn: {
    'level-1-2-rollout': '2023-03-31',
    'level-3-bespoke': '2023-03-31',
    'od-pilot': '2023-03-31',
    'lived-experience-group': '2023-03-31',
    'national-indicators': '2023-03-31',
    'ambassadors-network': '2023-03-31',
  },
  /** §2.2, §4.2.7: by the end of the summer. */
  membersBriefingDueOn: '2022-08-31',
  doneByReportDate: [
    'phase-1-foundations',
    'training-need-mapped',
    'manager-toolkits',
    'lived-experience-safe-process',
  ],
  /** §4.2.3: the Chief Social Work Officer, a Trauma Champion; recorded late (see `lateEntry`). */
  championIds: ['cswo-trauma-champion'],
  /** The late entry: what happened on `occurredOn` was recorded only on `recordedOn`. */
  lateEntry: { championId: 'cswo-trauma-champion', occurredOn: '2021-11-30', recordedOn: '2022-01-19' },
  illustrative: [
    'the date the record starts (2021-01-01): the report says only that phases ran over 2021',
    'the launch event date 2021-09-29 (the report gives only the 87 attendees)',
    "steering group meeting dates 2021-11-24 and 2022-04-27 (the decisions in them are the report's)",
    'the Trauma Champion appointment date (a champion by late 2021)',
    'phase due dates: phase 1 2021-06-30; phases 2-3 2022-03-31, moved to 2023-03-31',
    'due dates of the milestones done by the report date, and phase 1 done on 2021-12-15',
    'action due dates and owners, and the completion of the post set-up on 2022-03-31',
    'the two partner highlight reports of 10 May 2022 (their content restates the report)',
    'both spends and every RAG value',
    'risk likelihood and impact',
  ],
} as const;
