/**
 * The OIDC_* variables: OpenID Connect providers (the unnamed one and those named in OIDC_PROVIDERS),
 * validated with the rest of the configuration.
 */
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './config.js';
import { StartupError } from './errors.js';

const OIDC = {
  PUBLIC_URL: 'https://dokumenti.novads.lv/',
  OIDC_ISSUER: 'https://login.novads.lv/realms/novads',
  OIDC_CLIENT_ID: 'kanceleja',
  OIDC_CLIENT_SECRET: 'a-client-secret',
  OIDC_GROUP_ROLES: 'registrar:/kanceleja/registry;head:Heads Of Departments;executor:3f2b7c1e-0d1a-4b8e',
};

const problemsOf = (env: Record<string, string>): string => {
  try {
    loadConfig(env, '/');
  } catch (error) {
    if (error instanceof StartupError) return error.message;
    throw error;
  }
  throw new Error('the configuration was accepted');
};

describe('OpenID Connect configuration', () => {
  it('is off without OIDC_ISSUER', () => {
    expect(loadConfig({}, '/').oidcProviders).toEqual([]);
  });

  it('reads a provider with its defaults, the redirect URI from PUBLIC_URL, and claim groups verbatim', () => {
    expect(loadConfig(OIDC, '/').oidcProviders).toEqual([
      {
        id: null,
        loginPath: '/auth/oidc/login',
        callbackPath: '/auth/oidc/callback',
        issuer: 'https://login.novads.lv/realms/novads',
        clientId: 'kanceleja',
        clientSecret: 'a-client-secret',
        label: 'OpenID',
        scopes: 'openid profile email',
        groupsClaim: 'groups',
        groupRoles: [
          { value: 'registrar', groupDn: '/kanceleja/registry' },
          { value: 'head', groupDn: 'Heads Of Departments' },
          { value: 'executor', groupDn: '3f2b7c1e-0d1a-4b8e' },
        ],
        groupDepartments: [],
        departmentClaim: null,
        redirectUri: 'https://dokumenti.novads.lv/auth/oidc/callback',
        postLogoutRedirectUri: 'https://dokumenti.novads.lv/login',
      },
    ]);
  });

  it('takes the label, scopes, claims and department mapping as given', () => {
    const oidc = loadConfig(
      {
        ...OIDC,
        OIDC_LABEL: 'Latvija.lv',
        OIDC_SCOPES: 'profile email groups',
        OIDC_GROUPS_CLAIM: 'roles',
        OIDC_DEPARTMENT_CLAIM: 'department',
        OIDC_GROUP_DEPARTMENTS: 'BUV:/kanceleja/construction;FIN:Finanses',
      },
      '/',
    ).oidcProviders[0];

    expect(oidc).toMatchObject({
      label: 'Latvija.lv',
      scopes: 'openid profile email groups',
      groupsClaim: 'roles',
      departmentClaim: 'department',
      groupDepartments: [
        { value: 'BUV', groupDn: '/kanceleja/construction' },
        { value: 'FIN', groupDn: 'Finanses' },
      ],
    });
  });

  it('accepts http:// only on the loopback (tests, a provider on the same machine)', () => {
    expect(loadConfig({ ...OIDC, OIDC_ISSUER: 'http://127.0.0.1:8080' }, '/').oidcProviders[0]?.issuer).toBe(
      'http://127.0.0.1:8080',
    );
    expect(problemsOf({ ...OIDC, OIDC_ISSUER: 'http://login.novads.lv' })).toContain(
      'OIDC_ISSUER: not an https:// URL',
    );
    expect(problemsOf({ ...OIDC, OIDC_ISSUER: 'login.novads.lv' })).toContain(
      'OIDC_ISSUER: not an https:// URL',
    );
  });

  it('lists every missing and malformed variable at once', () => {
    const problems = problemsOf({
      OIDC_ISSUER: 'https://login.novads.lv?x=1',
      OIDC_GROUP_DEPARTMENTS: 'no colon;BUV:',
      OIDC_GROUPS_CLAIM: 'two words',
    });

    expect(problems).toContain('OIDC_ISSUER: must have no ?query');
    expect(problems).toContain('OIDC_CLIENT_ID: required when OIDC_ISSUER is set');
    expect(problems).toContain('OIDC_CLIENT_SECRET: required when OIDC_ISSUER is set');
    expect(problems).toContain('PUBLIC_URL: required when OIDC_ISSUER is set');
    expect(problems).toContain('OIDC_GROUP_ROLES: required when OIDC_ISSUER is set');
    expect(problems).toContain('OIDC_GROUP_DEPARTMENTS: "no colon" is not VALUE:GROUP');
    expect(problems).toContain('OIDC_GROUP_DEPARTMENTS: "BUV:" is not VALUE:GROUP');
    expect(problems).toContain('OIDC_GROUPS_CLAIM: not a claim name');
  });

  it('refuses an unknown role in the mapping', () => {
    expect(problemsOf({ ...OIDC, OIDC_GROUP_ROLES: 'king:/kanceleja/kings' })).toContain(
      'OIDC_GROUP_ROLES: "king" is not a role',
    );
  });

  it('refuses OIDC_* settings without OIDC_ISSUER: they would do nothing', () => {
    expect(problemsOf({ OIDC_CLIENT_ID: 'kanceleja' })).toContain(
      'OIDC_CLIENT_ID: has no effect without OIDC_ISSUER',
    );
  });

  it('reads named providers beside the unnamed one, each with its own paths, in the order named', () => {
    const providers = loadConfig(
      {
        ...OIDC,
        OIDC_PROVIDERS: 'entra, eid',
        OIDC_ENTRA_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
        OIDC_ENTRA_CLIENT_ID: 'entra-client',
        OIDC_ENTRA_CLIENT_SECRET: 'entra-secret',
        OIDC_ENTRA_LABEL: 'Microsoft 365',
        OIDC_ENTRA_GROUPS_CLAIM: 'roles',
        OIDC_ENTRA_GROUP_ROLES: 'executor:Kanceleja.Executors',
        OIDC_EID_ISSUER: 'https://eid.gov.lv',
        OIDC_EID_CLIENT_ID: 'eid-client',
        OIDC_EID_CLIENT_SECRET: 'eid-secret',
        OIDC_EID_GROUP_ROLES: 'executor:citizens',
      },
      '/',
    ).oidcProviders;

    expect(providers.map((p) => [p.id, p.loginPath, p.redirectUri, p.label, p.clientId])).toEqual([
      [null, '/auth/oidc/login', 'https://dokumenti.novads.lv/auth/oidc/callback', 'OpenID', 'kanceleja'],
      [
        'entra',
        '/auth/oidc/entra/login',
        'https://dokumenti.novads.lv/auth/oidc/entra/callback',
        'Microsoft 365',
        'entra-client',
      ],
      [
        'eid',
        '/auth/oidc/eid/login',
        'https://dokumenti.novads.lv/auth/oidc/eid/callback',
        'OpenID',
        'eid-client',
      ],
    ]);
    expect(providers[1]?.groupsClaim).toBe('roles');
    expect(providers[1]?.groupRoles).toEqual([{ value: 'executor', groupDn: 'Kanceleja.Executors' }]);
  });

  it('names the variables of a named provider in its problems', () => {
    const problems = problemsOf({
      PUBLIC_URL: 'https://dokumenti.novads.lv',
      OIDC_PROVIDERS: 'entra',
      OIDC_ENTRA_ISSUER: 'http://login.example.com',
      OIDC_ENTRA_GROUP_ROLES: 'king:Kings',
    });

    expect(problems).toContain('OIDC_ENTRA_ISSUER: not an https:// URL');
    expect(problems).toContain('OIDC_ENTRA_CLIENT_ID: required when OIDC_ENTRA_ISSUER is set');
    expect(problems).toContain('OIDC_ENTRA_CLIENT_SECRET: required when OIDC_ENTRA_ISSUER is set');
    expect(problems).toContain('OIDC_ENTRA_GROUP_ROLES: "king" is not a role');
  });

  it('refuses odd or repeated names, a named provider without issuer, and variables of a provider not named', () => {
    const problems = problemsOf({
      OIDC_PROVIDERS: 'Entra,eid,eid,e-id',
      OIDC_KEYCLOAK_ISSUER: 'https://sso.novads.lv',
      OIDC_KEYCLOAK_CLIENT_ID: 'kanceleja',
    });

    expect(problems).toContain('OIDC_PROVIDERS: "Entra" is not a provider name');
    expect(problems).toContain('OIDC_PROVIDERS: "e-id" is not a provider name');
    expect(problems).toContain('OIDC_PROVIDERS: "eid" is named twice');
    expect(problems).toContain('OIDC_EID_ISSUER: required, "eid" is in OIDC_PROVIDERS');
    expect(problems).toContain('OIDC_KEYCLOAK_ISSUER: has no effect, "keycloak" is not in OIDC_PROVIDERS');
    expect(problems).toContain('OIDC_KEYCLOAK_CLIENT_ID: has no effect, "keycloak" is not in OIDC_PROVIDERS');
  });
});
