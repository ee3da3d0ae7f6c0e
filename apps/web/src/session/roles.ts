import type { Role } from '@steerlog/domain';

export const roleNames: Record<Role, string> = {
  viewer: 'Viewer',
  partner: 'Partner lead',
  coordinator: 'Coordinator',
  auditor: 'Auditor',
  admin: 'Administrator',
};
