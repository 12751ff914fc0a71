/** From a provider's claims to a person, and from openid-client's errors to a refusal. */
import { describe, expect, it } from '@jest/globals';
import * as client from 'openid-client';
import { loadConfig } from '../../engine/config.js';
import { personFromClaims, refusalOf, usernameFromClaims } from './oidcSignIn.js';

const config = loadConfig(
  {
    PUBLIC_URL: 'https://dokumenti.novads.lv',
    OIDC_ISSUER: 'https://login.novads.lv',
    OIDC_CLIENT_ID: 'kanceleja',
    OIDC_CLIENT_SECRET: 'secret',
    OIDC_GROUPS_CLAIM: 'roles',
    OIDC_DEPARTMENT_CLAIM: 'department',
    OIDC_GROUP_ROLES: 'registrar:Registry',
  },
  '/',
).oidcProviders[0];
if (!config) throw new Error('no OpenID configuration');

describe('the claims of an OpenID provider', () => {
  it('give the name, e-mail, groups and department code of the person', () => {
    expect(
      personFromClaims(
        {
          sub: 'abc',
          given_name: 'Anna',
          family_name: 'Bērziņa',
          email: 'anna@novads.lv',
          roles: ['Registry', 7, 'Other'],
          department: 'BUV',
        },
        config,
      ),
    ).toEqual({
      dn: 'abc',
      displayName: 'Anna Bērziņa',
      email: 'anna@novads.lv',
      groupDns: ['Registry', 'Other'],
      attributes: new Map([['department', ['BUV']]]),
    });
  });

  it('take one group given as a string, and fall back to the subject for a name', () => {
    expect(personFromClaims({ sub: 'abc', roles: 'Registry' }, config)).toMatchObject({
      displayName: 'abc',
      email: null,
      groupDns: ['Registry'],
    });
  });

  it('name a new account by the provider username, else the e-mail, else the subject', () => {
    expect(usernameFromClaims({ sub: 's', preferred_username: 'Anna.B', email: 'a@x.lv' })).toBe('anna.b');
    expect(usernameFromClaims({ sub: 's', preferred_username: 'has space', email: 'A@x.lv' })).toBe('a@x.lv');
    expect(usernameFromClaims({ sub: 'only-sub' })).toBe('only-sub');
    expect(usernameFromClaims({ sub: 'two words' })).toBe('oidc-two_words');
  });
});

describe("openid-client's errors at the callback", () => {
  it('are refusals when the answer is wrong, and nothing (a bug) otherwise', () => {
    expect(refusalOf(new RangeError('a bug'))).toBeNull();
    expect(refusalOf(new TypeError('fetch failed'))).toBe('provider_unavailable');
    expect(
      refusalOf(new client.AuthorizationResponseError('denied', { cause: new URLSearchParams('error=x') })),
    ).toBe('provider_denied');
  });
});
