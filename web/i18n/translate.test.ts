import { describe, expect, it } from '@jest/globals';
import { acceptedLanguage, translator } from './translate.js';

describe('the translation layer', () => {
  it('gives each message in Latvian, English and Russian with placeholders filled', () => {
    expect(translator('lv')('login.locked', { minutes: 15 })).toBe(
      'Pārāk daudz neveiksmīgu mēģinājumu. Mēģiniet vēlreiz pēc 15 min.',
    );
    expect(translator('en')('login.title')).toBe('Log in');
    expect(translator('ru')('login.refused')).toBe('Неверное имя пользователя или пароль.');
  });

  it('picks the most wanted language of Accept-Language that we have', () => {
    expect(acceptedLanguage('de-DE, ru;q=0.8, en;q=0.9')).toBe('en');
    expect(acceptedLanguage('ru-RU,ru;q=0.9')).toBe('ru');
    expect(acceptedLanguage('lv')).toBe('lv');
    expect(acceptedLanguage('de, fr;q=0.5, en;q=0')).toBeNull();
    expect(acceptedLanguage(undefined)).toBeNull();
  });
});

describe('plural forms', () => {
  it('choose the word by the number by the language’s own rules', () => {
    const lt = translator('lt');
    const cs = translator('cs');

    expect(lt('notifications.badge', { count: 1 })).toBe('1 neperskaitytas pranešimas');
    expect(lt('notifications.badge', { count: 3 })).toBe('3 neperskaityti pranešimai');
    expect(lt('notifications.badge', { count: 12 })).toBe('12 neperskaitytų pranešimų');
    expect(cs('notifications.badge', { count: 1 })).toBe('1 nepřečtené oznámení');
    expect(cs('notifications.badge', { count: 3 })).toBe('3 nepřečtená oznámení');
    expect(cs('notifications.badge', { count: 1200 })).toBe('1200 nepřečtených oznámení');
  });

  it('leaves a value nobody gave as its placeholder, and numbers as written', () => {
    expect(translator('en')('notifications.badge')).toBe('{count} unread notifications');
    expect(translator('en')('notifications.badge', { count: 2026 })).toBe('2026 unread notifications');
  });
});
