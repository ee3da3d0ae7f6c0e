import { z } from 'zod';
import { command } from './command-envelope.js';
import { DomainError } from './errors.js';
import { ShortText, Slug } from './primitives.js';

/** An e-mail address a reminder can be sent to (RFC 5321 caps a path at 254 characters). */
export const Email = z.email().max(254);

export const AddPerson = command(
  'AddPerson',
  z.strictObject({
    personId: Slug.optional(),
    name: ShortText,
    email: Email.optional(),
    partnerId: Slug.optional(),
    role: ShortText.optional(),
    /** Default: true when an e-mail address is given. */
    receivesReminders: z.boolean().optional(),
  }),
);
export const UpdatePerson = command(
  'UpdatePerson',
  z
    .strictObject({
      personId: Slug,
      name: ShortText.optional(),
      // null removes it: a person who leaves an organisation, or whose address must no longer be held.
      email: Email.nullable().optional(),
      partnerId: Slug.nullable().optional(),
      role: ShortText.nullable().optional(),
      receivesReminders: z.boolean().optional(),
    })
    .refine((d) => Object.keys(d).length > 1, 'say at least one thing to change besides personId'),
);

export const PersonAdded = z.object({
  type: z.literal('PersonAdded'),
  data: z.object({
    personId: Slug,
    name: z.string(),
    email: z.string().optional(),
    partnerId: Slug.optional(),
    role: z.string().optional(),
    receivesReminders: z.boolean(),
  }),
});
export const PersonUpdated = z.object({
  type: z.literal('PersonUpdated'),
  data: z.object({
    personId: Slug,
    name: z.string().optional(),
    email: z.string().nullable().optional(),
    partnerId: Slug.nullable().optional(),
    role: z.string().nullable().optional(),
    receivesReminders: z.boolean().optional(),
  }),
});

type Marked = { illustrative?: true };

export type PersonState = {
  personId: string;
  name: string;
  email: string | null;
  partnerId: string | null;
  role: string | null;
  receivesReminders: boolean;
  addedOn: string;
} & Marked;

type PersonCommand = z.infer<typeof AddPerson> | z.infer<typeof UpdatePerson>;
type PersonEvent = z.infer<typeof PersonAdded> | z.infer<typeof PersonUpdated>;

/** What deciding about people reads of a programme. */
type PeopleView = {
  people: ReadonlyMap<string, PersonState>;
  partners: ReadonlyMap<string, unknown>;
};

const knownPartner = (s: PeopleView, id: string | undefined) => {
  if (id !== undefined && !s.partners.has(id)) throw new DomainError('unknown_partner', `partner ${id} does not exist`);
};

export const personOf = (s: Pick<PeopleView, 'people'>, id: string): PersonState => {
  const p = s.people.get(id);
  if (!p) throw new DomainError('unknown_person', `person ${id} does not exist`);
  return p;
};

/**
 * A person named where a person of one partner is meant (an action's or a risk's owner, a
 * champion): they must exist and belong to that partner, so a name on a board paper is never
 * someone from another organisation.
 */
export const requirePersonOf = (
  s: Pick<PeopleView, 'people'>,
  personId: string | undefined,
  partnerId: string | null | undefined,
) => {
  if (personId === undefined) return;
  const p = personOf(s, personId);
  if (p.partnerId !== (partnerId ?? null))
    throw new DomainError(
      'person_not_of_partner',
      partnerId
        ? `person ${personId} is not one of partner ${partnerId}'s people`
        : `person ${personId} belongs to partner ${p.partnerId ?? 'none'}: name their partner as the owner too`,
    );
};

/** A partner's lead named as a person: someone not yet of another partner (the fold makes them this one's). */
export const requireLeadPerson = (s: Pick<PeopleView, 'people'>, personId: string | undefined) => {
  if (personId === undefined) return;
  const p = personOf(s, personId);
  if (p.partnerId !== null)
    throw new DomainError(
      'person_not_of_partner',
      `person ${personId} is already one of partner ${p.partnerId}'s people`,
    );
};

/**
 * Adds or updates a person. A person may belong to one partner; an update changes only the
 * fields it names. Receiving reminders defaults to having an e-mail address to receive them at.
 */
export const decidePeople = (
  s: PeopleView,
  c: PersonCommand,
  fresh: (given: string | undefined) => string,
): PersonEvent[] => {
  switch (c.type) {
    case 'AddPerson': {
      knownPartner(s, c.data.partnerId);
      const personId = fresh(c.data.personId);
      return [
        {
          type: 'PersonAdded',
          data: { ...c.data, personId, receivesReminders: c.data.receivesReminders ?? c.data.email !== undefined },
        },
      ];
    }
    case 'UpdatePerson': {
      personOf(s, c.data.personId);
      knownPartner(s, c.data.partnerId ?? undefined);
      return [{ type: 'PersonUpdated', data: c.data }];
    }
  }
};

/** Applies a person event to the people of a state (a new object per change: the read-model writer compares by identity). */
export const applyPeople = (people: Map<string, PersonState>, e: PersonEvent, on: string, mark: Marked) => {
  switch (e.type) {
    case 'PersonAdded':
      people.set(e.data.personId, {
        personId: e.data.personId,
        name: e.data.name,
        email: e.data.email ?? null,
        partnerId: e.data.partnerId ?? null,
        role: e.data.role ?? null,
        receivesReminders: e.data.receivesReminders,
        addedOn: on,
        ...mark,
      });
      return;
    case 'PersonUpdated': {
      const p = people.get(e.data.personId);
      if (!p) return;
      const { personId: _id, ...changes } = e.data;
      const next = { ...p, ...changes, ...mark };
      // No address, no reminders: they stay off if an address is given again later, until asked for.
      if (changes.email === null) next.receivesReminders = false;
      people.set(p.personId, next);
      return;
    }
  }
};

export const PersonView = z.object({
  personId: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  partnerId: z.string().nullable(),
  role: z.string().nullable(),
  receivesReminders: z.boolean(),
  addedOn: z.string(),
  illustrative: z.literal(true).optional(),
});
