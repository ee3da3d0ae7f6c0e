/** The Record page's menu: every command with a form, grouped as a coordinator looks for them. */
export const recordMenu: { title: string; types: string[] }[] = [
  { title: 'Set-up', types: ['AddPartner', 'CreateWorkstream', 'AddMilestone', 'AppointChampion'] },
  { title: 'Progress', types: ['RescheduleMilestone', 'CompleteMilestone', 'ChangeRag', 'SubmitHighlightReport'] },
  { title: 'People', types: ['AddPerson', 'UpdatePerson'] },
  { title: 'Reporting rounds', types: ['OpenReportingRound', 'CloseReportingRound'] },
  { title: 'Money', types: ['AllocateFunding', 'RecordSpend'] },
  {
    title: 'Governance',
    types: [
      'OpenMeeting',
      'StartAgendaItem',
      'RecordAttendance',
      'CloseMeeting',
      'ApproveMinutes',
      'RecordDecision',
      'AssignAction',
      'CompleteAction',
      'RaiseRisk',
      'RescoreRisk',
      'CloseRisk',
    ],
  },
  {
    title: 'Outcomes, issues and asks',
    types: ['DefineIndicator', 'RecordMeasurement', 'RaiseIssue', 'RespondToIssue', 'CloseWorkstream'],
  },
  { title: 'Training and readiness', types: ['RecordTraining', 'AssessMaturity'] },
  { title: 'Corrections', types: ['RetractEvent'] },
];
