/**
 * Names in the page's language: the shipped processes name every step in English and Russian
 * (`camunda:property name="name:en"`), a name without a translation falls back to the element's
 * `name`, and a task of an older version whose step was renamed since keeps its own name.
 */
import { LANGUAGES } from '../../../engine/i18n/languages.js';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { actorFromUser, type UseCaseContext } from '../../../engine/context.js';
import { deployProcess } from '../../../engine/workflow/deployment/deployProcess.js';
import { SHIPPED_PROCESSES_DIR } from '../../../engine/workflow/deployment/deployShippedProcesses.js';
import {
  definitionNamesFromXml,
  localDefinitionNames,
  localElementNames,
  localProcessNames,
  nameIn,
} from '../../../engine/workflow/deployment/localNames.js';
import { validateProcess } from '../../../engine/workflow/deployment/validateProcess.js';
import { aUser } from '../../support/builders.js';
import { describeEachStore } from '../../support/testStores.js';
import { processXml } from './bpmnSamples.js';

const shipped = readdirSync(SHIPPED_PROCESSES_DIR)
  .filter((file) => file.endsWith('.bpmn'))
  .map((file) => ({ file, xml: readFileSync(path.join(SHIPPED_PROCESSES_DIR, file), 'utf8') }));

/** A process whose one user task is `taskName`, translated as `translations` says. */
const translatedProcess = (key: string, taskName: string, translations: Record<string, string>) =>
  processXml(
    `    <startEvent id="Start_1" />
    <sequenceFlow id="Flow_1" sourceRef="Start_1" targetRef="Review" />
    <userTask id="Review" name="${taskName}" camunda:candidateGroups="registrar">
      <extensionElements>
        <camunda:properties>
${Object.entries(translations)
  .map(([language, name]) => `          <camunda:property name="name:${language}" value="${name}" />`)
  .join('\n')}
          <camunda:property name="other" value="not a name" />
        </camunda:properties>
      </extensionElements>
    </userTask>
    <sequenceFlow id="Flow_2" sourceRef="Review" targetRef="End_1" />
    <endEvent id="End_1" name="Beigas" />`,
    { key, name: 'Pārbaude' },
  );

describe('names in other languages, read from the BPMN', () => {
  it('finds an English and a Russian name for every named step of the shipped processes', async () => {
    expect(shipped.map((s) => s.file).sort()).toEqual([
      'appraisal-act.bpmn',
      'citizen-application.bpmn',
      'incoming-correspondence.bpmn',
      'order-co-execution.bpmn',
      'order.bpmn',
      'outgoing-letter.bpmn',
    ]);
    for (const { file, xml } of shipped) {
      const names = await definitionNamesFromXml(xml);
      const untranslated = [...names.elements]
        .filter(
          ([, element]) => element.name !== null && LANGUAGES.some((l) => l !== 'lv' && !element.names[l]),
        )
        .map(([id]) => `${file}: ${id}`);

      expect(untranslated).toEqual([]);
      expect(Object.keys(names.process?.names ?? {}).sort()).toEqual(
        LANGUAGES.filter((l) => l !== 'lv').sort(),
      );
    }
  });

  it('gives the shipped incoming correspondence its steps in English and Russian, Latvian as drawn', async () => {
    const xml = shipped.find((s) => s.file === 'incoming-correspondence.bpmn')?.xml ?? '';
    const names = await definitionNamesFromXml(xml);

    expect(nameIn(names.process, 'en', null)).toBe('Incoming correspondence');
    expect(nameIn(names.process, 'ru', null)).toBe('Входящая корреспонденция');
    expect(nameIn(names.process, 'lv', null)).toBe('Ienākošā korespondence');
    expect(nameIn(names.elements.get('Resolution'), 'en', '')).toBe('Resolution');
    expect(nameIn(names.elements.get('Resolution'), 'ru', '')).toBe('Резолюция');
    expect(nameIn(names.elements.get('Report'), 'en', '')).toBe('Execution report');
    expect(nameIn(names.elements.get('Report'), 'lv', '')).toBe('Izpildes ziņojums');
  });

  it('deploys the shipped processes with their translations: validation refuses none of them', async () => {
    for (const { file, xml } of shipped) {
      const validation = await validateProcess(xml);

      expect({ file, problems: validation.problems }).toEqual({ file, problems: [] });
    }
  });

  it('falls back to the name where a language has none, and ignores other properties', async () => {
    const names = await definitionNamesFromXml(translatedProcess('check', 'Pārbaudīt', { en: 'Check' }));
    const review = names.elements.get('Review');

    expect(review).toEqual({ name: 'Pārbaudīt', names: { en: 'Check' } });
    expect(nameIn(review, 'ru', '')).toBe('Pārbaudīt');
    expect(nameIn(names.elements.get('End_1'), 'en', '')).toBe('Beigas');
    expect(nameIn(names.elements.get('Start_1'), 'en', 'Start_1')).toBe('Start_1');
  });
});

describeEachStore('names of deployed versions in the page language', (subject) => {
  async function designer(): Promise<UseCaseContext> {
    const user = await aUser(subject.store, { roles: ['designer'] });
    return { actor: actorFromUser(user), store: subject.store, clock: { now: () => new Date() } };
  }

  it('names tasks, processes and a version’s elements in the language, else as stored', async () => {
    const ctx = await designer();
    const v1 = await deployProcess(ctx, {
      xml: translatedProcess('local_names', 'Pārbaudīt', { en: 'Check', ru: 'Проверить' }),
    });
    const task = { processKey: 'local_names', elementId: 'Review', name: 'Pārbaudīt' };

    await expect(localElementNames(ctx, 'en', [task])).resolves.toEqual(['Check']);
    await expect(localElementNames(ctx, 'ru', [task])).resolves.toEqual(['Проверить']);
    await expect(localElementNames(ctx, 'lv', [task])).resolves.toEqual(['Pārbaudīt']);
    // No translation anywhere: the stored name; an unknown process too.
    await expect(
      localElementNames(ctx, 'en', [
        { processKey: 'local_names', elementId: 'End_1', name: 'Beigas' },
        { processKey: 'nowhere', elementId: 'Review', name: 'Kaut kas' },
      ]),
    ).resolves.toEqual(['Beigas', 'Kaut kas']);
    await expect(localProcessNames(ctx, 'en', ['local_names', 'nowhere'])).resolves.toEqual(
      new Map([
        ['local_names', 'Pārbaude'],
        ['nowhere', null],
      ]),
    );
    const elements = await localDefinitionNames(ctx, 'ru', v1.id);
    expect(elements.elements.get('Review')).toBe('Проверить');
    expect(elements.elements.get('End_1')).toBe('Beigas');
    expect(elements.elements.has('Start_1')).toBe(false);
  });

  it('keeps the translation of the version a task was created from when a later version renamed the step', async () => {
    const ctx = await designer();
    await deployProcess(ctx, { xml: translatedProcess('renamed_step', 'Pārbaudīt', { en: 'Check' }) });
    await deployProcess(ctx, {
      xml: translatedProcess('renamed_step', 'Izskatīt', { en: 'Review the letter' }),
    });

    await expect(
      localElementNames(ctx, 'en', [
        { processKey: 'renamed_step', elementId: 'Review', name: 'Pārbaudīt' },
        { processKey: 'renamed_step', elementId: 'Review', name: 'Izskatīt' },
      ]),
    ).resolves.toEqual(['Check', 'Review the letter']);
  });
});
