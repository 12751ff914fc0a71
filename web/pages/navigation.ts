/** The menu: each entry is shown to the roles whose work it is. */
import { hasRole } from '../../engine/policies/roles.js';
import type { Actor } from '../../engine/context.js';
import type { Role } from '../../engine/store/ports.js';
import type { MessageId } from '../i18n/translate.js';

interface NavEntry {
  href: string;
  label: MessageId;
  /** Empty: everyone. */
  roles: Role[];
  /** Also shown to whoever controls an open task (a registrar named controller, say). */
  forControllers?: boolean;
}

const ENTRIES: NavEntry[] = [
  { href: '/', label: 'nav.inbox', roles: [] },
  {
    href: '/documents',
    label: 'nav.documents',
    roles: ['registrar', 'head', 'dept_head', 'executor', 'admin', 'auditor'],
  },
  { href: '/documents/new', label: 'nav.newDocument', roles: ['registrar'] },
  { href: '/intake', label: 'intake.nav', roles: ['registrar'] },
  {
    href: '/documents/outgoing/new',
    label: 'outgoing.nav',
    roles: ['executor', 'dept_head', 'head', 'registrar'],
  },
  { href: '/documents/orders/new', label: 'order.nav', roles: ['head'] },
  { href: '/control', label: 'nav.control', roles: ['head', 'dept_head'], forControllers: true },
  { href: '/dashboard', label: 'dashboard.nav', roles: ['head', 'dept_head', 'auditor'] },
  { href: '/archive', label: 'archive.nav', roles: ['registrar', 'head', 'auditor'] },
  { href: '/reports', label: 'reports.nav', roles: ['registrar', 'head', 'dept_head', 'admin', 'auditor'] },
  { href: '/audit', label: 'nav.audit', roles: ['auditor', 'admin'] },
  { href: '/admin', label: 'nav.admin', roles: ['admin'] },
  { href: '/substitutions', label: 'nav.substitutions', roles: [] },
  { href: '/designer', label: 'designer.nav', roles: ['designer', 'admin'] },
];

export const mayUse = (actor: Actor, href: string): boolean => {
  const entry = ENTRIES.find((e) => e.href === href);
  return entry !== undefined && (entry.roles.length === 0 || hasRole(actor, ...entry.roles));
};

/**
 * Labels are message ids; the layout translates them. `controls`: the person controls an open task
 * now (engine/records/controlList.ts `controlsAnything`, counted per page by controlBadge.ts).
 */
export function navigationFor(actor: Actor, currentPath: string, options: { controls?: boolean } = {}) {
  return ENTRIES.filter(
    (entry) =>
      entry.roles.length === 0 ||
      hasRole(actor, ...entry.roles) ||
      (entry.forControllers === true && options.controls === true),
  ).map((entry) => ({
    href: entry.href,
    label: entry.label,
    // `aria-current` takes 'page' or 'false'; a boolean attribute could not be switched off.
    current:
      entry.href === currentPath ||
      (entry.href === '/documents' && currentPath.startsWith('/documents/') && !currentPath.endsWith('/new'))
        ? 'page'
        : 'false',
  }));
}
