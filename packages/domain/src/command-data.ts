import type { DomainEvent } from './events.js';

/**
 * The command data that would have decided `event`: its data less what `decide` works out from
 * the state (the previous rating, the previous due date, the retracted event's type, the open
 * meeting), so that `decide` computes those again and a forged value shows. The import checks
 * events with it; a correction starts from it (the form of the entry, filled in as recorded).
 */
export const commandDataOf = (event: DomainEvent): Record<string, unknown> => {
  const data: Record<string, unknown> = { ...event.data };
  switch (event.type) {
    case 'ProgrammeLaunched':
      delete data['programmeId'];
      break;
    case 'MilestoneRescheduled':
      delete data['previousDueOn'];
      break;
    case 'RagChanged':
      delete data['previous'];
      break;
    case 'EventRetracted':
      delete data['retractedType'];
      break;
    case 'RiskRescored':
      delete data['previousLikelihood'];
      delete data['previousImpact'];
      break;
    case 'DecisionRecorded':
    case 'TrainingDelivered':
    case 'MaturityAssessed':
      // `decide` writes null for "none given"; a command says so by leaving the field out.
      for (const field of ['meetingId', 'partnerId']) if (data[field] === null) delete data[field];
      break;
    default:
      break;
  }
  return data;
};
