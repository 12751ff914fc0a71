/**
 * Who a session names: sign-in keeps a user's id in the session (and, between password and code, in
 * the pending second factor); every request reads the user again, so that a deactivated user's
 * session stops working at once. Sign-in decides who acts, so no actor's policy applies here.
 */
import type { Store, User } from '../store/ports.js';

/** The user with this id while active; null for no such user or a deactivated one. */
export async function activeUser(store: Pick<Store, 'users'>, userId: string): Promise<User | null> {
  const user = await store.users.get(userId);
  return user?.active ? user : null;
}
