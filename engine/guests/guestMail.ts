/**
 * The words of the mails about guests: the one-time link to the guest (in the language the inviter
 * chose for it), and the note to the inviter when the guest answered (in the inviter's language).
 */
import { csTexts } from '../i18n/csTexts.js';
import { kkTexts } from '../i18n/kkTexts.js';
import { ltTexts } from '../i18n/ltTexts.js';
import { type MailLanguage } from '../mail/mailMessages.js';
import type { GuestPurpose } from '../store/guestPorts.js';

const fill = (text: string, values: Record<string, string>): string =>
  text.replace(/\{(\w+)\}/g, (placeholder, name: string) => values[name] ?? placeholder);

const LINK_TEXTS: Record<
  MailLanguage,
  { subject: string; intro: Record<GuestPurpose, string>; body: string }
> = {
  lv: {
    subject: 'Uzaicinājums: {document}',
    intro: {
      comment: '{inviter} aicina jūs komentēt dokumentu "{subject}" ({document}).',
      endorse: '{inviter} aicina jūs saskaņot dokumentu "{subject}" ({document}): piekrist vai nepiekrist.',
    },
    body:
      'Atveriet saiti un nospiediet "Ieiet". Saite derīga vienai ieiešanai līdz {linkUntil}; ' +
      'uzaicinājums ir spēkā līdz {until}.\n\n{link}\n\nJa jūs to negaidījāt, neatveriet saiti.',
  },
  en: {
    subject: 'Invitation: {document}',
    intro: {
      comment: '{inviter} invites you to comment on the document "{subject}" ({document}).',
      endorse:
        '{inviter} invites you to endorse the document "{subject}" ({document}): to agree or disagree.',
    },
    body:
      'Open the link and press "Sign in". The link signs you in once, until {linkUntil}; ' +
      'the invitation holds until {until}.\n\n{link}\n\nIf you did not expect this, do not open the link.',
  },
  ru: {
    subject: 'Приглашение: {document}',
    intro: {
      comment: '{inviter} приглашает вас прокомментировать документ «{subject}» ({document}).',
      endorse:
        '{inviter} приглашает вас согласовать документ «{subject}» ({document}): согласиться или не согласиться.',
    },
    body:
      'Откройте ссылку и нажмите «Войти». Ссылка действует для одного входа до {linkUntil}; ' +
      'приглашение действует до {until}.\n\n{link}\n\nЕсли вы этого не ожидали, не открывайте ссылку.',
  },
  lt: ltTexts.guestLinks,
  cs: csTexts.guestLinks,
  kk: kkTexts.guestLinks,
};

const FOOTER: Record<MailLanguage, string> = {
  lv: 'Šo vēstuli nosūtīja Kanceleja; uz to nav jāatbild.',
  en: 'This mail was sent by Kanceleja; there is no need to reply.',
  ru: 'Это письмо отправила Канцелярия; отвечать на него не нужно.',
  lt: ltTexts.guestFooter,
  cs: csTexts.guestFooter,
  kk: kkTexts.guestFooter,
};

export interface GuestLinkMail {
  language: MailLanguage;
  purpose: GuestPurpose;
  inviter: string;
  document: string;
  subject: string;
  link: string;
  /** When the link and the invitation end, as the guest reads them (institution's time). */
  linkUntil: string;
  until: string;
}

export function guestLinkMail(mail: GuestLinkMail): { subject: string; body: string } {
  const texts = LINK_TEXTS[mail.language];
  const values = { ...mail };
  return {
    subject: fill(texts.subject, values),
    body: `${fill(texts.intro[mail.purpose], values)}\n\n${fill(texts.body, values)}\n\n--\n${FOOTER[mail.language]}\n`,
  };
}

export type GuestAnswer = 'commented' | 'agreed' | 'disagreed';

const ANSWER_TEXTS: Record<MailLanguage, Record<GuestAnswer, string>> = {
  lv: {
    commented: 'Viesis {guest} komentēja {document}',
    agreed: 'Viesis {guest} piekrita: {document}',
    disagreed: 'Viesis {guest} nepiekrita: {document}',
  },
  en: {
    commented: 'Guest {guest} commented on {document}',
    agreed: 'Guest {guest} agreed: {document}',
    disagreed: 'Guest {guest} disagreed: {document}',
  },
  ru: {
    commented: 'Гость {guest} прокомментировал {document}',
    agreed: 'Гость {guest} согласился: {document}',
    disagreed: 'Гость {guest} не согласился: {document}',
  },
  lt: ltTexts.guestAnswers,
  cs: csTexts.guestAnswers,
  kk: kkTexts.guestAnswers,
};

/** The inviter's notification (a `message`): its subject, in the inviter's language. */
export const guestAnswerSubject = (
  language: MailLanguage,
  answer: GuestAnswer,
  values: { guest: string; document: string },
): string => fill(ANSWER_TEXTS[language][answer], values);
