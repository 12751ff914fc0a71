/** How a failed login is answered, in the user's language: the same for the API and the form. */
import { DirectoryUnavailable } from '../../engine/auth/ldapDirectory.js';
import { LoginDeactivated, LoginLocked, LoginRefused } from '../../engine/auth/loginErrors.js';
import type { Translate } from '../i18n/translate.js';

export interface LoginFailure {
  status: 401 | 429 | 503;
  error: 'unauthorized' | 'too_many_attempts' | 'directory_unavailable';
  message: string;
  retryAfterSeconds?: number;
}

/** The answer for `error`, or null when it is not a login failure (a bug: let it through). */
export function loginFailure(error: unknown, t: Translate, now: Date): LoginFailure | null {
  // Told only after a correct password (engine/auth/authenticate.ts): no account enumeration.
  if (error instanceof LoginDeactivated) {
    return { status: 401, error: 'unauthorized', message: t('login.deactivated') };
  }
  if (error instanceof LoginRefused) {
    return { status: 401, error: 'unauthorized', message: t('login.refused') };
  }
  if (error instanceof LoginLocked) {
    const retryAfterSeconds = error.retryAfterSeconds(now);
    return {
      status: 429,
      error: 'too_many_attempts',
      message: t('login.locked', { minutes: Math.ceil(retryAfterSeconds / 60) }),
      retryAfterSeconds,
    };
  }
  if (error instanceof DirectoryUnavailable) {
    return { status: 503, error: 'directory_unavailable', message: t('login.directoryDown') };
  }
  return null;
}
