/**
 * Czech, formal register (vykání), in the terms of Czech records management (spisová služba): the
 * engine's texts that reach users — notification mails, guest and portal mails, the notice of an
 * extended deadline, printed statuses (the shipped processes' names are `name:cs` properties in processes/*.bpmn). Each entry is the
 * counterpart of the English one in the file named beside it; placeholders are plain `{name}`.
 */
import type { GuestAnswer } from '../guests/guestMail.js';
import type { MailTexts } from '../mail/mailMessages.js';
import type { NoticeTexts } from '../records/extensionNotice.js';
import type { GuestPurpose } from '../store/guestPorts.js';

const FOOTER = 'Tuto zprávu odeslala aplikace Kanceleja; není třeba na ni odpovídat.';

export const csTexts = {
  /** engine/mail/mailMessages.ts, TEXTS.en */
  mail: {
    subject: {
      task_assigned: 'Nový úkol: {task}',
      task_offered: 'Nový úkol pro váš odbor: {task}',
      task_returned: 'Vrácený úkol: {task}',
      task_due_soon: 'Blíží se termín: {task}',
      task_overdue: 'Po termínu: {document}',
      message: '{subject}',
      substitution_granted: 'Zastupujete: {for}',
      draft_revised: 'Koncept upraven, posuďte jej znovu: {document}',
    },
    intro: {
      task_assigned: '{by} vám přidělil(a) úkol „{task}“.',
      task_offered: 'Váš odbor nebo role má nový úkol „{task}“; převzít jej může kdokoli z vás.',
      task_returned: '{by} vám vrátil(a) úkol „{task}“.',
      task_due_soon: 'Blíží se termín úkolu „{task}“.',
      task_overdue: 'Lhůta k vyřízení dokumentu uplynula; jste jeho kontrolor.',
      message: '{text}',
      substitution_granted: 'Od {from} do {to} zastupujete: {for}.',
      draft_revised:
        '{by} upravil(a) koncept „{document}“ po jeho vrácení; posuďte jej prosím znovu („{task}“).',
    },
    document: 'Dokument',
    due: 'Termín',
    comment: 'Komentář',
    open: 'Otevřít v aplikaci Kanceleja',
    footer: 'Odesláno aplikací Kanceleja; na tuto zprávu není třeba odpovídat.',
  } satisfies MailTexts,

  /** engine/guests/guestMail.ts, LINK_TEXTS.en */
  guestLinks: {
    subject: 'Pozvánka: {document}',
    intro: {
      comment: '{inviter} vás zve k vyjádření k dokumentu „{subject}“ ({document}).',
      endorse:
        '{inviter} vás žádá o stanovisko k dokumentu „{subject}“ ({document}): souhlas, nebo nesouhlas.',
    } satisfies Record<GuestPurpose, string>,
    body:
      'Otevřete odkaz a stiskněte „Přihlásit se“. Odkaz umožní jedno přihlášení a platí do {linkUntil}; ' +
      'pozvání platí do {until}.\n\n{link}\n\nPokud jste tuto zprávu neočekávali, odkaz neotevírejte.',
  },
  /** engine/guests/guestMail.ts, FOOTER.en */
  guestFooter: FOOTER,
  /** engine/guests/guestMail.ts, ANSWER_TEXTS.en */
  guestAnswers: {
    commented: 'Host {guest} se vyjádřil k dokumentu {document}',
    agreed: 'Host {guest} souhlasí: {document}',
    disagreed: 'Host {guest} nesouhlasí: {document}',
  } satisfies Record<GuestAnswer, string>,

  /** engine/portal/portalMail.ts, TEXTS.en */
  portalMail: {
    subject: 'Žádost zaevidována: {number}',
    body:
      'Dobrý den, {name},\n\nVaše žádost podaná prostřednictvím elektronické služby „{service}“ byla zaevidována ' +
      'pod číslem jednacím {number} ({date}).\n' +
      'Lhůta pro vyřízení: {due}.\n\nPrůběh vyřizování žádosti a odpověď naleznete zde:\n{link}\n\n' +
      'Odkaz je určen pouze Vám: nepředávejte jej dalším osobám.',
    footer: FOOTER,
  },

  /** engine/records/extensionNotice.ts, TEXTS.en */
  extensionNotice: {
    subject: 'Prodloužení lhůty k vyřízení Vaší žádosti č. j. {application}',
    body:
      '{applicant}\n\n' +
      'Vážená paní, vážený pane,\n\n' +
      'sdělujeme Vám, že lhůta k vyřízení Vaší žádosti „{subject}“ (č. j. {application} ze dne {registeredOn}) ' +
      'byla prodloužena z {from} na {to}.\n\n' +
      'Důvod prodloužení: {reason}\n\n' +
      '{institution}\n{signedBy}',
  } satisfies NoticeTexts,
  /** engine/records/extensionNotice.ts, MAIL_HEADER.en */
  mailHeader: '{institution}, dokument č. j. {number} ze dne {date}',

  /** engine/printing/labels.ts, STATUSES.en */
  statuses: {
    registered: 'Zaevidováno',
    in_progress: 'Vyřizuje se',
    for_information: 'Na vědomí',
    filed: 'Založeno do spisu',
    closed: 'Vyřízeno',
    cancelled: 'Zrušeno',
  } as Record<string, string>,
};
