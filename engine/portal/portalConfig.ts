/**
 * The portal's settings, read with the rest of the configuration (engine/config.ts): `PORTAL=off`
 * switches the public pages off whatever is configured (default `on`: the portal then serves once
 * an administrator enables an e-service); `PORTAL_LIMIT_PER_ADDRESS_HOUR` and
 * `PORTAL_LIMIT_PER_EMAIL_DAY` bound submissions.
 */
import { DEFAULT_PORTAL_LIMITS, type PortalLimits } from './submitApplication.js';

export interface PortalConfig {
  enabled: boolean;
  limits: Omit<PortalLimits, 'maxFileBytes'>;
}

export const DEFAULT_PORTAL_CONFIG: PortalConfig = {
  enabled: true,
  limits: {
    perAddressPerHour: DEFAULT_PORTAL_LIMITS.perAddressPerHour,
    perEmailPerDay: DEFAULT_PORTAL_LIMITS.perEmailPerDay,
    maxFiles: DEFAULT_PORTAL_LIMITS.maxFiles,
  },
};

/** The PORTAL* variables; a problem for each one that is malformed. */
export function readPortalConfig(
  read: (name: string) => string | undefined,
  problems: string[],
): PortalConfig {
  const count = (name: string, fallback: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < 1 || value > 100_000) {
      problems.push(`${name}: must be a whole number from 1 to 100000, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const switched = (read('PORTAL') ?? 'on').toLowerCase();
  if (!['on', 'off'].includes(switched)) problems.push(`PORTAL: must be on or off, got "${switched}"`);
  return {
    enabled: switched !== 'off',
    limits: {
      perAddressPerHour: count(
        'PORTAL_LIMIT_PER_ADDRESS_HOUR',
        DEFAULT_PORTAL_CONFIG.limits.perAddressPerHour,
      ),
      perEmailPerDay: count('PORTAL_LIMIT_PER_EMAIL_DAY', DEFAULT_PORTAL_CONFIG.limits.perEmailPerDay),
      maxFiles: DEFAULT_PORTAL_CONFIG.limits.maxFiles,
    },
  };
}
