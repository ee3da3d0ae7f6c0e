import { formatDate } from '../../format.js';
import type { FormContext, Option } from './options.js';

const people = ({ view }: FormContext): Option[] =>
  view.people.map((p) => ({
    value: p.personId,
    label: `${p.name}${p.partnerId ? ` (${view.partners.find((x) => x.partnerId === p.partnerId)?.name ?? p.partnerId})` : ''}`,
  }));
const openRounds = ({ view }: FormContext): Option[] =>
  view.reportingRounds
    .filter((r) => r.status === 'open')
    .map((r) => ({ value: r.roundId, label: `${r.title} (due ${formatDate(r.dueOn)})` }));
const partners = ({ view }: FormContext): Option[] => view.partners.map((p) => ({ value: p.partnerId, label: p.name }));

/** Fields naming a person or a reporting round, chosen from those that exist. */
export const peopleAndRoundPickers: Record<string, { options: (ctx: FormContext) => Option[] }> = {
  personId: { options: people },
  leadPersonId: { options: people },
  ownerPersonId: { options: people },
  chairPersonId: { options: people },
  present: { options: people },
  apologies: { options: people },
  presenterPartnerId: { options: partners },
  roundId: { options: openRounds },
  partnerIds: { options: partners },
};
