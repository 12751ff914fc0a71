/** "Jānis Kalniņš; head, Dome": to whom a task is offered, as people read it. */
import type { Offer } from '../../../engine/directory/peopleNames.js';
import type { Translate } from '../../i18n/translate.js';

export function describeOffer(offer: Offer, t: Translate): string {
  return [
    ...offer.people,
    ...offer.groups.map(({ role, department, other }) =>
      // "Head of Būvvalde", never the group's code `dept_head:BUV`.
      role === 'dept_head' && department
        ? t('offer.departmentHead', { department })
        : [role ? t(`role.${role}`) : null, department, other].filter(Boolean).join(', '),
    ),
  ].join('; ');
}
