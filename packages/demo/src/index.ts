import { dundee, dundeeFacts } from './programmes/dundee.js';
import { readiness, readinessFacts } from './programmes/readiness.js';
import { somerset, somersetFacts } from './programmes/somerset.js';
import type { DemoProgramme } from './types.js';

export type { DemoCommand, DemoProgramme } from './types.js';

/**
 * The demo programmes, each a sequence of contract commands in recording order, to be sent
 * through the command handler (never inserted as raw events). Built from the seed documents;
 * anything the documents do not say is marked illustrative.
 */
export const demoProgrammes: readonly DemoProgramme[] = [dundee, somerset, readiness];

/** The documented figures each programme's folded state must show, keyed by programmeId. */
export const documentFacts = {
  'dundee-tsg': dundeeFacts,
  'trauma-informed-somerset': somersetFacts,
  'nttp-readiness': readinessFacts,
} as const;
