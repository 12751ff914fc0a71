import type { User } from '../../engine/store/ports.js';

/** The user as the API shows it. */
export const presentUser = (user: User) => ({
  id: user.id,
  username: user.username,
  displayName: user.displayName,
  email: user.email,
  roles: user.roles,
  departmentId: user.departmentId,
  source: user.source,
});
