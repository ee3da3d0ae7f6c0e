import type { Command } from './commands.js';

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
    default:
      return undefined;
  }
};

/** Whether `role` (bound to `partnerId` for partner leads) may send `command`. */
export const mayCommand = (role: Role, command: Command, partnerId: string | null): boolean => {
  if (role === 'coordinator' || role === 'admin') return true;
  if (role !== 'partner') return false;
  const scope = partnerScope(command);
  return scope !== undefined && scope === partnerId;
};
