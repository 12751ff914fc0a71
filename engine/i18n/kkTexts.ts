/**
 * Kazakh (Cyrillic), formal register (Сіз): the engine's texts that reach users — notification
 * mails, guest and portal mails, the notice of an extended deadline, printed statuses (the shipped
 * processes' names are `name:kk` properties in processes/*.bpmn). Each entry is the counterpart of the English one in the file
 * named beside it; placeholders are plain `{name}`.
 */
import type { GuestPurpose } from '../store/guestPorts.js';
import type { MailTexts } from '../mail/mailMessages.js';
import type { NoticeTexts } from '../records/extensionNotice.js';

const FOOTER = 'Бұл хатты Kanceleja жүйесі жіберді; оған жауап берудің қажеті жоқ.';

export const kkTexts = {
  /** engine/mail/mailMessages.ts, TEXTS.en */
  mail: {
    subject: {
      task_assigned: 'Жаңа тапсырма: {task}',
      task_offered: 'Бөліміңізге жаңа тапсырма: {task}',
      task_returned: 'Тапсырма қайтарылды: {task}',
      task_due_soon: 'Мерзімі жақындады: {task}',
      task_overdue: 'Мерзімі өтті: {document}',
      message: '{subject}',
      substitution_granted: 'Сіз мына қызметкерді алмастырасыз: {for}',
      draft_revised: 'Жоба түзетілді, оны қайта қараңыз: {document}',
    },
    intro: {
      task_assigned: '{by} Сізге «{task}» тапсырмасын берді.',
      task_offered:
        'Бөліміңізге немесе рөліңізге «{task}» жаңа тапсырмасы келіп түсті; оны кез келгеніңіз өзіне ала алады.',
      task_returned: '{by} Сізге «{task}» тапсырмасын қайтарды.',
      task_due_soon: '«{task}» тапсырмасының орындалу мерзімі жақындады.',
      task_overdue: 'Құжаттың орындалу мерзімі өтті; Сіз оның бақылаушысысыз.',
      message: '{text}',
      substitution_granted: 'Сіз мына қызметкерді алмастырасыз: {for}. Алмастыру кезеңі: {from} – {to}.',
      draft_revised: '{by} «{document}» жобасын қайтарылғаннан кейін түзетті; оны қайта қараңыз («{task}»).',
    },
    document: 'Құжат',
    due: 'Мерзімі',
    comment: 'Түсініктеме',
    open: 'Kanceleja жүйесінде ашу',
    footer: FOOTER,
  } satisfies MailTexts,

  /** engine/guests/guestMail.ts, LINK_TEXTS.en */
  guestLinks: {
    subject: 'Шақыру: {document}',
    intro: {
      comment: '{inviter} Сізді «{subject}» ({document}) құжатына түсініктеме беруге шақырады.',
      endorse: '{inviter} Сізді «{subject}» ({document}) құжатын келісуге шақырады: келісу немесе келіспеу.',
    } satisfies Record<GuestPurpose, string>,
    body:
      'Сілтемені ашып, «Кіру» батырмасын басыңыз. Сілтеме арқылы бір рет кіруге болады, оның жарамдылық мерзімі: {linkUntil}; ' +
      'шақырудың жарамдылық мерзімі: {until}.\n\n{link}\n\nЕгер Сіз мұндай хатты күтпеген болсаңыз, сілтемені ашпаңыз.',
  },
  /** engine/guests/guestMail.ts, FOOTER.en */
  guestFooter: FOOTER,
  /** engine/guests/guestMail.ts, ANSWER_TEXTS.en */
  guestAnswers: {
    commented: 'Қонақ {guest} түсініктеме берді: {document}',
    agreed: 'Қонақ {guest} келісті: {document}',
    disagreed: 'Қонақ {guest} келіспеді: {document}',
  },

  /** engine/portal/portalMail.ts, TEXTS.en */
  portalMail: {
    subject: 'Өтініш тіркелді: {number}',
    body:
      'Құрметті {name}!\n\n«{service}» электрондық қызметі арқылы берілген өтінішіңіз {date} күні {number} нөмірімен тіркелді.\n' +
      'Жауап беру мерзімі: {due}.\n\nӨтінішіңіздің барысын бақылап, жауапты мына жерден оқи аласыз:\n{link}\n\n' +
      'Сілтеме тек Сізге арналған: оны басқаларға бермеңіз.',
    footer: FOOTER,
  },

  /** engine/records/extensionNotice.ts, TEXTS.en */
  extensionNotice: {
    subject: '№ {application} өтінішіңізді қарау мерзімін ұзарту туралы',
    body:
      'Құрметті {applicant}!\n\n' +
      '«{subject}» өтінішіңізге (№ {application}, {registeredOn}) жауап беру мерзімі ұзартылғанын хабарлаймыз: ' +
      'бұрынғы мерзім — {from}, жаңа мерзім — {to}.\n\n' +
      'Ұзарту себебі: {reason}\n\n' +
      '{institution}\n{signedBy}',
  } satisfies NoticeTexts,
  /** engine/records/extensionNotice.ts, MAIL_HEADER.en */
  mailHeader: '{institution}, № {number} құжат, {date}',

  /** engine/printing/labels.ts, STATUSES.en */
  statuses: {
    registered: 'Тіркелген',
    in_progress: 'Орындалуда',
    for_information: 'Мәлімет үшін',
    filed: 'Іске тігілген',
    closed: 'Орындалған',
    cancelled: 'Күші жойылған',
  } as Record<string, string>,
};
