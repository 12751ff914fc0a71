/**
 * Lithuanian texts of the engine: notification mails, guest and portal mails, the notice of an
 * extended deadline, printed statuses (the shipped processes' names are `name:lt` properties in processes/*.bpmn).
 * Plain `{placeholder}` strings only, filled as the English ones are.
 */
import type { GuestAnswer } from '../guests/guestMail.js';
import type { MailTexts } from '../mail/mailMessages.js';
import type { NoticeTexts } from '../records/extensionNotice.js';
import type { GuestPurpose } from '../store/guestPorts.js';

const FOOTER = 'Šį laišką išsiuntė Kanceleja; į jį atsakyti nereikia.';

const mail: MailTexts = {
  subject: {
    task_assigned: 'Nauja užduotis: {task}',
    task_offered: 'Nauja užduotis jūsų skyriui: {task}',
    task_returned: 'Užduotis grąžinta: {task}',
    task_due_soon: 'Artėja terminas: {task}',
    task_overdue: 'Pradelstas terminas: {document}',
    message: '{subject}',
    substitution_granted: 'Jūs pavaduojate: {for}',
    draft_revised: 'Projektas pataisytas, peržiūrėkite jį dar kartą: {document}',
  },
  intro: {
    task_assigned: '{by} jums pavedė užduotį „{task}“.',
    task_offered:
      'Jūsų skyriui arba vaidmeniui skirta nauja užduotis „{task}“; jos gali imtis bet kuris iš jūsų.',
    task_returned: '{by} jums grąžino užduotį „{task}“.',
    task_due_soon: 'Artėja užduoties „{task}“ įvykdymo terminas.',
    task_overdue: 'Dokumento įvykdymo terminas praėjo; jūs esate šio dokumento vykdymo kontrolierius.',
    message: '{text}',
    substitution_granted: 'Nuo {from} iki {to} jūs pavaduojate: {for}.',
    draft_revised: '{by} pataisė grąžintą projektą „{document}“; peržiūrėkite jį dar kartą („{task}“).',
  },
  document: 'Dokumentas',
  due: 'Terminas',
  comment: 'Komentaras',
  open: 'Atverti sistemoje Kanceleja',
  footer: FOOTER,
};

const guestLinks: { subject: string; intro: Record<GuestPurpose, string>; body: string } = {
  subject: 'Kvietimas: {document}',
  intro: {
    comment: '{inviter} kviečia jus pakomentuoti dokumentą „{subject}“ ({document}).',
    endorse: '{inviter} kviečia jus suderinti dokumentą „{subject}“ ({document}): pritarti arba nepritarti.',
  },
  body:
    'Atverkite nuorodą ir spauskite „Prisijungti“. Nuoroda leidžia prisijungti vieną kartą, iki {linkUntil}; ' +
    'kvietimas galioja iki {until}.\n\n{link}\n\nJei šio laiško nesitikėjote, nuorodos neatverkite.',
};

const guestAnswers: Record<GuestAnswer, string> = {
  commented: 'Svečias {guest} pakomentavo {document}',
  agreed: 'Svečias {guest} pritarė: {document}',
  disagreed: 'Svečias {guest} nepritarė: {document}',
};

const portalMail: { subject: string; body: string; footer: string } = {
  subject: 'Prašymas užregistruotas: {number}',
  body:
    'Laba diena, {name},\n\nJūsų prašymas, pateiktas per e. paslaugą „{service}“, užregistruotas {date}, registracijos numeris {number}.\n' +
    'Atsakymo terminas: {due}.\n\nPrašymo nagrinėjimo eigą ir atsakymą galite matyti čia:\n{link}\n\n' +
    'Ši nuoroda skirta tik jums: neperduokite jos kitiems.',
  footer: FOOTER,
};

const extensionNotice: NoticeTexts = {
  subject: 'Dėl prašymo Nr. {application} nagrinėjimo termino pratęsimo',
  body:
    'Gerb. {applicant},\n\n' +
    'informuojame, kad Jūsų {registeredOn} prašymo Nr. {application} „{subject}“ ' +
    'nagrinėjimo terminas pratęstas nuo {from} iki {to}.\n\n' +
    'Termino pratęsimo priežastis: {reason}\n\n' +
    '{institution}\n{signedBy}',
};

/** Document statuses as printed on the card (engine/printing/labels.ts STATUSES). */
const statuses: Record<string, string> = {
  registered: 'Užregistruotas',
  in_progress: 'Vykdomas',
  for_information: 'Žiniai',
  filed: 'Įsegtas į bylą',
  closed: 'Įvykdytas',
  cancelled: 'Atšauktas',
};

export const ltTexts = {
  mail,
  guestLinks,
  guestFooter: FOOTER,
  guestAnswers,
  portalMail,
  extensionNotice,
  mailHeader: '{institution}, {date} dokumentas Nr. {number}',
  statuses,
};
