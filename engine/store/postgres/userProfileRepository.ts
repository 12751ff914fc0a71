import { NotFound } from '../../errors.js';
import type { Queryable } from '../db.js';
import type { UserProfileRepository } from '../authPorts.js';
import { userRepository } from './userRepository.js';
import { rethrowConstraint } from './sqlErrors.js';

export function userProfileRepository(db: Queryable): UserProfileRepository {
  return {
    async update(id, profile) {
      let updated: unknown[];
      try {
        updated = await db.query(
          `UPDATE users SET display_name = $2, email = $3, department_id = $4, updated_at = now()
            WHERE id = $1 RETURNING id`,
          [id, profile.displayName, profile.email, profile.departmentId],
        );
      } catch (error) {
        rethrowConstraint(error, `user ${id}`);
      }
      const user = updated.length > 0 ? await userRepository(db).get(id) : null;
      if (!user) throw new NotFound(`user ${id} not found`);
      return user;
    },
  };
}
