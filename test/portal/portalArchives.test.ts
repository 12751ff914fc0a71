/**
 * A zip bomb sent with a portal application is a problem of the form, next to the files, in the
 * page's language: nothing is registered and no number is taken.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actorFromUser, systemClock } from '../../engine/context.js';
import { Invalid } from '../../engine/errors.js';
import { saveEService } from '../../engine/portal/eServices.js';
import { submitApplication } from '../../engine/portal/submitApplication.js';
import { type ApiWorld, startApiWorld } from '../api/apiWorld.js';
import { zipBomb } from '../support/archiveBombs.js';

describe('archives sent through the portal', () => {
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
    await saveEService(
      { store: world.store, clock: systemClock, actor: actorFromUser(world.users.admin) },
      {
        code: 'iesniegums',
        names: { lv: 'Iesniegums', en: 'Application', ru: 'Заявление' },
        descriptions: {},
        registerId: register.id,
        formSchema: '',
        attachmentsAllowed: true,
        enabled: true,
      },
    );
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('refuses a zip bomb as a problem of the files, registering nothing', async () => {
    // given
    const bomb = await zipBomb(210);

    // when
    const refused = await submitApplication(
      { store: world.store, clock: systemClock },
      {
        serviceCode: 'iesniegums',
        language: 'lv',
        name: 'Ilze Kalēja',
        email: 'ilze@example.lv',
        emailAgain: 'ilze@example.lv',
        fields: {},
        files: [
          {
            fileName: 'bumba.zip',
            tooLarge: false,
            content: async function* () {
              yield bomb;
            },
          },
        ],
        address: '192.0.2.8',
      },
    ).catch((error: unknown) => error);

    // then
    expect(refused).toBeInstanceOf(Invalid);
    expect((refused as Invalid).problems).toEqual([
      expect.objectContaining({ field: 'attachments', code: 'refusal.archiveTooLarge' }),
    ]);
    const documents = await world.store.documents.search(
      { limit: 10, offset: 0 },
      { userId: world.users.admin.id, departmentId: null, seesAllUnrestricted: true },
    );
    expect(documents.items).toEqual([]);
  });
});
