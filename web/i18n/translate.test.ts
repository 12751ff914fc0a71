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
