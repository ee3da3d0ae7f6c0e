import type { Command, CommandType } from './commands.js';
import { ownershipCheckedByDomain } from './outcomes/record.js';

export const roles = ['viewer', 'partner', 'coordinator', 'auditor', 'admin'] as const;
export type Role = (typeof roles)[number];

/**
 * The partner a command is about, when a partner lead may send it; `undefined` when only a
 * coordinator may. A partner lead may change only their own organisation's figures.
 */
export const partnerScope = (command: Command): string | null | undefined => {
  switch (command.type) {
    case 'SubmitHighlightReport':
      return command.data.partnerId;
    case 'ChangeRag':
      return command.data.subject.kind === 'partner' ? command.data.subject.id : undefined;
    case 'RecordTraining':
    case 'AssessMaturity':
      return command.data.partnerId ?? null;
    case 'RaiseIssue':
      return command.data.raisedByPartnerId ?? null;
    default:
      return undefined;
  }
};

/** Commands only the server itself records (a reminder the SMTP server accepted): no client may send them. */
export const systemCommandTypes: ReadonlySet<CommandType> = new Set<CommandType>(['RecordReminderSent']);

/**
 * Whether `role` (bound to `partnerId` for partner leads) may send `command`. A partner lead may
 * complete an action; that it is one its own partner owns is checked by `record` against the
 * state (only the state knows the owner).
 */
export const mayCommand = (role: Role, command: Command, partnerId: string | null): boolean => {
  if (systemCommandTypes.has(command.type)) return false;
  if (role === 'coordinator' || role === 'admin') return true;
  if (role !== 'partner') return false;
  if (command.type === 'CompleteAction') return partnerId !== null;
  // Who owns an indicator or the thing evidence is about is in the state: `record` checks it.
  if (ownershipCheckedByDomain(command)) return true;
  const scope = partnerScope(command);
  return scope !== undefined && scope === partnerId;
};

/** A role in one programme or every one (programmeId null), as a token or a person's grant carries it. */
export type RoleGrant = { role: Role; programmeId: string | null; partnerId: string | null };

/** Strongest first: when several grants apply, a principal acts under the first that lets it. */
const strength: readonly Role[] = ['admin', 'coordinator', 'auditor', 'partner', 'viewer'];

/**
 * The grants that hold in `programmeId` (global ones and that programme's), strongest first;
 * with no programme, the global ones only. Admin is always global.
 */
export const grantsIn = <TGrant extends RoleGrant>(grants: readonly TGrant[], programmeId: string | null): TGrant[] =>
  grants
    .filter((g) => g.programmeId === null || (programmeId !== null && g.programmeId === programmeId))
    .sort((a, b) => strength.indexOf(a.role) - strength.indexOf(b.role));

/** The strongest of `grants` anywhere, or undefined. */
export const strongestGrant = <TGrant extends RoleGrant>(grants: readonly TGrant[]): TGrant | undefined =>
  [...grants].sort((a, b) => strength.indexOf(a.role) - strength.indexOf(b.role))[0];
