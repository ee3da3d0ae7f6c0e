/**
 * The read-model tables of people and reporting rounds (docs/read-models.md), spread into
 * `readModelTables`. Written out in full, not with its helpers, so that neither file imports the other.
 */
export const peopleAndRoundTables = [
  {
    name: 'rm_people',
    columns: [
      { name: 'programme_id', type: 'text' },
      { name: 'person_id', type: 'text' },
      { name: 'seq', type: 'integer' },
      { name: 'name', type: 'text' },
      { name: 'email', type: 'text', nullable: true },
      { name: 'partner_id', type: 'text', nullable: true },
      { name: 'role', type: 'text', nullable: true },
      { name: 'receives_reminders', type: 'integer' },
      { name: 'added_on', type: 'text' },
      { name: 'illustrative', type: 'integer' },
    ],
    key: ['person_id'],
    indexes: [],
  },
  {
    name: 'rm_reporting_rounds',
    columns: [
      { name: 'programme_id', type: 'text' },
      { name: 'round_id', type: 'text' },
      { name: 'seq', type: 'integer' },
      { name: 'title', type: 'text' },
      { name: 'period_from', type: 'text' },
      { name: 'period_to', type: 'text' },
      { name: 'due_on', type: 'text' },
      { name: 'opened_on', type: 'text' },
      { name: 'closed_on', type: 'text', nullable: true },
      { name: 'illustrative', type: 'integer' },
    ],
    key: ['round_id'],
    indexes: [],
  },
  {
    name: 'rm_round_returns',
    columns: [
      { name: 'programme_id', type: 'text' },
      { name: 'round_id', type: 'text' },
      { name: 'partner_id', type: 'text' },
      { name: 'seq', type: 'integer' },
      { name: 'submitted_on', type: 'text', nullable: true },
    ],
    key: ['round_id', 'partner_id'],
    indexes: [],
  },
  {
    name: 'rm_reminders',
    columns: [
      { name: 'programme_id', type: 'text' },
      { name: 'round_id', type: 'text' },
      { name: 'seq', type: 'integer' },
      { name: 'partner_id', type: 'text' },
      { name: 'person_id', type: 'text' },
      { name: 'kind', type: 'text' },
      { name: 'sent_at', type: 'text' },
    ],
    key: ['round_id', 'seq'],
    indexes: [],
  },
] as const;
