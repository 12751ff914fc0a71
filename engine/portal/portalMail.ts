/** The mail to a citizen who applied: the registration number and the tracking link, in their language. */
import { csTexts } from '../i18n/csTexts.js';
import { kkTexts } from '../i18n/kkTexts.js';
import { ltTexts } from '../i18n/ltTexts.js';
import type { MailLanguage } from '../mail/mailMessages.js';

const TEXTS: Record<MailLanguage, { subject: string; body: string; footer: string }> = {
  lv: {
    subject: 'Iesniegums reģistrēts: {number}',
    body:
      'Labdien, {name}!\n\nJūsu iesniegums e-pakalpojumā "{service}" ir reģistrēts ar numuru {number} ({date}).\n' +
      'Atbildes termiņš: {due}.\n\nIesnieguma virzību un atbildi varat redzēt šeit:\n{link}\n\n' +
      'Saite ir tikai jums: neizsūtiet to citiem.',
    footer: 'Šo vēstuli nosūtīja Kanceleja; uz to nav jāatbild.',
  },
  en: {
    subject: 'Application registered: {number}',
    body:
      'Hello {name},\n\nyour application through the e-service "{service}" is registered as {number} ({date}).\n' +
      'Answer due by: {due}.\n\nFollow your application and read the answer here:\n{link}\n\n' +
      'The link is yours alone: do not pass it on.',
    footer: 'This mail was sent by Kanceleja; there is no need to reply.',
  },
  ru: {
    subject: 'Заявление зарегистрировано: {number}',
    body:
      'Здравствуйте, {name}!\n\nваше заявление через электронную услугу «{service}» зарегистрировано под номером {number} ({date}).\n' +
      'Срок ответа: {due}.\n\nХод рассмотрения и ответ можно увидеть здесь:\n{link}\n\n' +
      'Ссылка предназначена только вам: не пересылайте её.',
    footer: 'Это письмо отправила Канцелярия; отвечать на него не нужно.',
  },
  lt: ltTexts.portalMail,
  cs: csTexts.portalMail,
  kk: kkTexts.portalMail,
};

const fill = (text: string, values: Record<string, string>): string =>
  text.replace(/\{(\w+)\}/g, (placeholder, name: string) => values[name] ?? placeholder);

export function applicationMail(
  language: MailLanguage,
  values: { name: string; service: string; number: string; date: string; due: string; link: string },
): { subject: string; body: string } {
  const texts = TEXTS[language];
  return {
    subject: fill(texts.subject, values),
    body: `${fill(texts.body, values)}\n\n--\n${texts.footer}\n`,
  };
}
