/** Refusals of the outcome commands (indicators, issues, evidence, corrections); see `outcomes/`. */
type OutcomeErrorCode =
  | 'unknown_indicator'
  | 'unknown_issue'
  | 'unknown_evidence'
  | 'unknown_evidence_subject'
  | 'value_out_of_range'
  | 'target_wrong_direction'
  | 'workstream_closed'
  | 'merge_into_self'
  | 'risk_unchanged'
  | 'not_correctable'
  | 'correction_type_mismatch'
  | 'invalid_replacement'
  | 'forbidden';

export type DomainErrorCode =
  | 'programme_not_found'
  | 'programme_exists'
  | 'duplicate_id'
  | 'unknown_partner'
  | 'unknown_workstream'
  | 'unknown_milestone'
  | 'unknown_allocation'
  | 'unknown_meeting'
  | 'unknown_decision'
  | 'unknown_action'
  | 'unknown_risk'
  | 'unknown_event'
  | 'rag_unchanged'
  | 'milestone_already_completed'
  | 'action_already_completed'
  | 'risk_already_closed'
  | 'overspend'
  | 'meeting_already_open'
  | 'meeting_not_open'
  | 'already_retracted'
  | 'not_retractable'
  | 'occurred_in_future'
  | 'date_order'
  | 'unknown_agenda_item'
  | 'agenda_item_current'
  | 'meeting_not_closed'
  | 'minutes_already_approved'
  | 'present_and_apologies'
  | 'unknown_person'
  | 'person_not_of_partner'
  | 'unknown_round'
  | 'round_closed'
  | 'round_already_closed'
  | 'round_without_partners'
  | 'partner_not_in_round'
  | 'due_before_period_end'
  | 'reminder_already_sent'
  | 'forbidden'
  | OutcomeErrorCode;

/** A rule of the domain refused a command. Nothing was recorded. */
export class DomainError extends Error {
  override name = 'DomainError';
  readonly code: DomainErrorCode;
  constructor(code: DomainErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
