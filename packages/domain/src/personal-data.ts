import type { EventType } from './events.js';

/**
 * Where the names of people sit in event data, and whose they are. Each subject has its own
 * encryption key in the store, so destroying one key erases that person everywhere, including
 * from old events, without touching the hash chain.
 */
export const personalDataFields: Partial<
  Record<EventType, { fields: readonly string[]; subject: (data: Record<string, unknown>) => string }>
> = {
  PartnerJoined: { fields: ['lead'], subject: (d) => `partner-lead:${String(d['partnerId'])}` },
  HighlightReportSubmitted: { fields: ['lead'], subject: (d) => `partner-lead:${String(d['partnerId'])}` },
  ChampionAppointed: { fields: ['name'], subject: (d) => `champion:${String(d['championId'])}` },
  PersonAdded: { fields: ['name', 'email'], subject: (d) => `person:${String(d['personId'])}` },
  PersonUpdated: { fields: ['name', 'email'], subject: (d) => `person:${String(d['personId'])}` },
};

/** What a read shows in place of a name whose key was destroyed. */
export const ERASED = '[erased]';

export const PersonalSubject = /^(champion|partner-lead|person):[a-z0-9][a-z0-9-]{0,63}$/;
