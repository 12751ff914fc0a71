/**
 * The words of notification e-mails, per language. A mail is written in the language its recipient
 * chose in the pages' switch (`User.language`); the in-app texts are the pages' own (web/i18n).
 */
import { csTexts } from '../i18n/csTexts.js';
import { kkTexts } from '../i18n/kkTexts.js';
import { DEFAULT_LANGUAGE, INTL_LOCALES, isLanguage, LANGUAGES, type Language } from '../i18n/languages.js';
import { ltTexts } from '../i18n/ltTexts.js';
import type { NotificationKind, NotificationParams } from '../store/notificationPorts.js';

/** The languages mails are written in: every language the pages offer. */
export const MAIL_LANGUAGES = LANGUAGES;
export type MailLanguage = Language;
/** The institution's language, as the pages' default. */
export const DEFAULT_MAIL_LANGUAGE: MailLanguage = DEFAULT_LANGUAGE;

const isMailLanguage = isLanguage;

/**
 * The language of a person's mails: the one they chose, when mails are written in it; otherwise
 * (no choice yet, or a language without mail texts) the institution's.
 */
export function mailLanguageOf(chosen: string | null | undefined): MailLanguage {
  return chosen && isMailLanguage(chosen) ? chosen : DEFAULT_MAIL_LANGUAGE;
}

export interface MailTexts {
  subject: Record<NotificationKind, string>;
  intro: Record<NotificationKind, string>;
  document: string;
  due: string;
  comment: string;
  open: string;
  footer: string;
}

const TEXTS: Record<MailLanguage, MailTexts> = {
  lv: {
    subject: {
      task_assigned: 'Jauns uzdevums: {task}',
      task_offered: 'Jauns uzdevums jūsu nodaļai: {task}',
      task_returned: 'Uzdevums atgriezts: {task}',
      task_due_soon: 'Tuvojas termiņš: {task}',
      task_overdue: 'Nokavēts termiņš: {document}',
      message: '{subject}',
      substitution_granted: 'Jūs esat norīkots aizvietot: {for}',
      draft_revised: 'Projekts labots, vizējiet atkārtoti: {document}',
    },
    intro: {
      task_assigned: '{by} jums nodeva uzdevumu "{task}".',
      task_offered: 'Jūsu nodaļai vai lomai ir jauns uzdevums "{task}"; to var uzņemties ikviens no jums.',
      task_returned: '{by} jums atgrieza uzdevumu "{task}".',
      task_due_soon: 'Uzdevuma "{task}" izpildes termiņš tuvojas.',
      task_overdue: 'Dokumenta izpildes termiņš ir nokavēts; jūs esat kontrolieris.',
      message: '{text}',
      substitution_granted: 'Jūs aizvietojat {for} no {from} līdz {to}.',
      draft_revised:
        '{by} laboja projektu "{document}" pēc atgriešanas; lūdzu, izskatiet to atkārtoti ("{task}").',
    },
    document: 'Dokuments',
    due: 'Termiņš',
    comment: 'Komentārs',
    open: 'Atvērt Kancelejā',
    footer: 'Šo vēstuli nosūtīja Kanceleja; uz to nav jāatbild.',
  },
  en: {
    subject: {
      task_assigned: 'New task: {task}',
      task_offered: 'New task for your department: {task}',
      task_returned: 'Task returned: {task}',
      task_due_soon: 'Due soon: {task}',
      task_overdue: 'Overdue: {document}',
      message: '{subject}',
      substitution_granted: 'You stand in for {for}',
      draft_revised: 'Draft revised, review it again: {document}',
    },
    intro: {
      task_assigned: '{by} gave you the task "{task}".',
      task_offered: 'Your department or role has a new task "{task}"; any of you may take it.',
      task_returned: '{by} returned the task "{task}" to you.',
      task_due_soon: 'The task "{task}" is due soon.',
      task_overdue: "The document's deadline has passed; you are its controller.",
      message: '{text}',
      substitution_granted: 'You stand in for {for} from {from} to {to}.',
      draft_revised:
        '{by} revised the draft "{document}" after its return; please review it again ("{task}").',
    },
    document: 'Document',
    due: 'Due',
    comment: 'Comment',
    open: 'Open in Kanceleja',
    footer: 'Sent by Kanceleja; no need to reply.',
  },
  ru: {
    subject: {
      task_assigned: 'Новая задача: {task}',
      task_offered: 'Новая задача для вашего отдела: {task}',
      task_returned: 'Задача возвращена: {task}',
      task_due_soon: 'Приближается срок: {task}',
      task_overdue: 'Срок просрочен: {document}',
      message: '{subject}',
      substitution_granted: 'Вы замещаете: {for}',
      draft_revised: 'Проект исправлен, согласуйте повторно: {document}',
    },
    intro: {
      task_assigned: '{by} передал(а) вам задачу «{task}».',
      task_offered: 'У вашего отдела или роли новая задача «{task}»; её может взять любой из вас.',
      task_returned: '{by} вернул(а) вам задачу «{task}».',
      task_due_soon: 'Срок задачи «{task}» приближается.',
      task_overdue: 'Срок исполнения документа просрочен; вы контролёр.',
      message: '{text}',
      substitution_granted: 'Вы замещаете {for} с {from} по {to}.',
      draft_revised:
        '{by} исправил(а) проект «{document}» после возврата; пожалуйста, рассмотрите его повторно («{task}»).',
    },
    document: 'Документ',
    due: 'Срок',
    comment: 'Комментарий',
    open: 'Открыть в Kanceleja',
    footer: 'Письмо отправлено Kanceleja; отвечать на него не нужно.',
  },
  lt: ltTexts.mail,
  cs: csTexts.mail,
  kk: kkTexts.mail,
};

export interface MailContent {
  subject: string;
  body: string;
}

const fill = (text: string, values: Record<string, string>): string =>
  text.replace(/\{(\w+)\}/g, (placeholder, name: string) => values[name] ?? placeholder);

const str = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

/** Mail headers must not carry line breaks (header injection), and subjects stay short. */
const oneLine = (text: string): string =>
  text
    .replace(/[\r\n]+/g, ' ')
    .trim()
    .slice(0, 200);

/**
 * The subject and plain-text body of a notification's mail; `link` is the absolute address to open,
 * left out when null.
 */
export function renderMail(
  kind: NotificationKind,
  params: NotificationParams,
  options: { language?: MailLanguage; link?: string | null; timeZone?: string } = {},
): MailContent {
  const texts = TEXTS[options.language ?? DEFAULT_MAIL_LANGUAGE];
  const document = [str(params.registrationNumber), str(params.documentSubject)].filter(Boolean).join(' ');
  const values: Record<string, string> = {
    // A reminder that names no task (not the reader's own) names the document instead.
    task: str(params.taskName) || document || 'Kanceleja',
    by: str(params.by) || 'Kanceleja',
    document: document || str(params.taskName),
    subject: str(params.subject) || str(params.text).slice(0, 80) || 'Kanceleja',
    text: str(params.text),
    for: str(params.for),
    from: str(params.from),
    to: str(params.to),
  };
  const lines = [fill(texts.intro[kind], values), ''];
  if (document) lines.push(`${texts.document}: ${document}`);
  const dueAt = str(params.dueAt);
  if (dueAt) {
    const due = new Intl.DateTimeFormat(INTL_LOCALES[options.language ?? DEFAULT_MAIL_LANGUAGE], {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: options.timeZone ?? 'Europe/Riga',
    }).format(new Date(dueAt));
    lines.push(`${texts.due}: ${due}`);
  }
  const comment = str(params.comment);
  if (comment) lines.push(`${texts.comment}: ${comment}`);
  if (options.link) lines.push('', `${texts.open}: ${options.link}`);
  lines.push('', '--', texts.footer);
  return { subject: oneLine(fill(texts.subject[kind], values)), body: lines.join('\n') };
}
