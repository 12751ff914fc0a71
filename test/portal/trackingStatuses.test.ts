/**
 * The tracking page over HTTP as the application moves on: "registered" at first, "extended" with
 * the new due date and its reason once the deadline was extended, "answered" once answered — in the
 * page's language, and never with the staff session cookie.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actorFromUser, systemClock } from '../../engine/context.js';
import { saveEService } from '../../engine/portal/eServices.js';
import { submitApplication } from '../../engine/portal/submitApplication.js';
import { type ApiWorld, startApiWorld } from '../api/apiWorld.js';

describe('the tracking page follows the application', () => {
  let world: ApiWorld;

  beforeAll(async () => {
    world = await startApiWorld();
    const register = await world.store.registers.insert({
      code: 'IES',
      name: 'Iesniegumi',
      kind: 'application',
      numberPattern: 'IES-{yyyy}/{seq:4}',
      processKey: 'citizen-application',
      answerDeadlineRule: 'P1M',
    });
    const admin = { store: world.store, clock: systemClock, actor: actorFromUser(world.users.admin) };
    await saveEService(admin, {
      code: 'iesniegums',
      names: { lv: 'Iesniegums', en: 'Application', ru: 'Заявление' },
      descriptions: {},
      registerId: register.id,
      formSchema: '',
      attachmentsAllowed: false,
      enabled: true,
    });
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  const track = async (path: string, language: string) => {
    const page = await fetch(`${world.base}${path}`, { headers: { 'accept-language': language } });
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie') ?? '').not.toContain('kanceleja.sid');
    const html = await page.text();
    return { html, status: /id='tracking-status'>([^<]*)</.exec(html)?.[1] };
  };

  it('shows registered, then extended with the new date and why, then answered', async () => {
    // given: an application made through the portal
    const submitted = await submitApplication(
      { store: world.store, clock: systemClock },
      {
        serviceCode: 'iesniegums',
        language: 'en',
        name: 'Ilze Kalēja',
        email: 'ilze@example.lv',
        emailAgain: 'ilze@example.lv',
        fields: {},
        files: [],
        address: '192.0.2.7',
      },
    );
    const first = await track(submitted.trackingPath, 'en');

    // when: the deadline is extended
    const document = await world.store.documents.get(submitted.documentId);
    const extended = await world.store.documents.extendDueDate(
      submitted.documentId,
      document?.version ?? 0,
      '2099-03-02',
      'Jāsaņem atzinums no būvvaldes',
    );
    const afterExtension = await track(submitted.trackingPath, 'en');
    const inLatvian = await track(submitted.trackingPath, 'lv');

    // when: the application is answered
    await world.store.documents.setStatus(extended.id, extended.version, 'answered');
    const afterAnswer = await track(submitted.trackingPath, 'en');
    const answeredInRussian = await track(submitted.trackingPath, 'ru');

    // then
    expect(first.status).toMatch(/^(Registered|In progress)$/);
    expect(first.html).toContain(submitted.registrationNumber);
    expect(afterExtension.status).toBe('In progress, the deadline was extended');
    expect(afterExtension.html).toContain('Jāsaņem atzinums no būvvaldes');
    expect(afterExtension.html).toMatch(/2099|02\.03\.2099|2 March 2099|3\/2\/2099/);
    expect(inLatvian.status).toBe('Izskatīšanā, termiņš pagarināts');
    expect(afterAnswer.status).toBe('Answered');
    expect(answeredInRussian.status).toBe('Дан ответ');
  });
});
