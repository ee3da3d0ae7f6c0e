import { DomainError } from './errors.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A date or date-time as a UTC instant; a bare date is the start of that day. */
export const startOf = (value: string): string =>
  DATE_ONLY.test(value) ? `${value}T00:00:00.000Z` : new Date(value).toISOString();

/** A date or date-time as a UTC instant; a bare date is the end of that day (how `asOf` reads a date). */
export const endOf = (value: string): string =>
  DATE_ONLY.test(value) ? `${value}T23:59:59.999Z` : new Date(value).toISOString();

/** When a command's event happened: the client's `occurredAt`, or now. The future cannot have happened yet. */
export const resolveOccurredAt = (given: string | undefined, now: string): string => {
  const at = given === undefined ? now : startOf(given);
  if (at > now) throw new DomainError('occurred_in_future', `occurredAt ${given} is in the future`);
  return at;
};

/** Whole days from `from` to `to`, both `YYYY-MM-DD`. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
