import { describe, expect, it } from '@jest/globals';
import { printPdf } from '../../engine/printing/printReport.js';
import type { DocumentCardData, OrderSheetData, StatisticsData } from '../../engine/printing/reportData.js';
import { createTemplateSource } from '../../engine/printing/templateSource.js';
import { aPrintContext, controlRows, printToBuffer } from './printingFixtures.js';
import { readPdf } from './pdfText.js';

const templates = createTemplateSource();
const flat = (text: string): string => text.replace(/\s+/g, ' ');

describe('control report PDF', () => {
  it('groups open tasks by department and executor, with days overdue as of the date', async () => {
    // given
    const rows = controlRows([
      {
        department: 'Būvvalde',
        executor: 'Jānis Ozoliņš',
        registrationNumber: '3-12/2026/15',
        subject: 'Par ūdensvada remontu',
        task: 'Sagatavot atbildi',
        assignedOn: '2026-03-02',
        dueDate: '2026-03-30',
      },
      {
        department: 'Būvvalde',
        executor: 'Jānis Ozoliņš',
        registrationNumber: '3-12/2026/19',
        subject: 'Žoga būvniecība',
        task: 'Apsekot objektu',
        assignedOn: '2026-03-05',
        dueDate: '2026-04-20',
      },
      {
        department: 'Būvvalde',
        executor: 'Līga Kalniņa',
        registrationNumber: '3-12/2026/22',
        subject: 'Šķūņa nojaukšana',
        task: 'Izvērtēt',
        assignedOn: '2026-03-06',
        dueDate: '2026-04-01',
      },
      {
        department: 'Sociālais dienests',
        executor: 'Ģirts Ķēniņš',
        registrationNumber: 'IES-2026/0007',
        subject: 'Pabalsta pieprasījums',
        task: 'Lēmuma projekts',
        assignedOn: '2026-03-10',
        dueDate: '2026-04-09',
      },
    ]);
    // when
    const pdf = await printToBuffer((output) =>
      printPdf('control', { asOf: '2026-04-10', rows }, aPrintContext('lv'), output, templates),
    );
    // then
    const text = flat((await readPdf(pdf)).text);
    expect(text).toContain('Kontroles atskaite');
    expect(text).toMatch(/Stāvoklis uz: 10\.04\.2026/);
    expect(text).toMatch(/Būvvalde Izpildītājs: Jānis Ozoliņš 3-12\/2026\/15/);
    expect(text).toMatch(
      /3-12\/2026\/15 Par ūdensvada remontu Sagatavot atbildi 02\.03\.2026\.? 30\.03\.2026\.? 11/,
    );
    expect(text).toMatch(/Izpildītājs: Līga Kalniņa 3-12\/2026\/22 .* 9/);
    expect(text).toMatch(/Sociālais dienests Izpildītājs: Ģirts Ķēniņš IES-2026\/0007 .* 1/);
    // Department headings appear once, not per row.
    expect(text.match(/Būvvalde Izpildītājs/g)).toHaveLength(1);
    expect(text).toMatch(/Būvvalde 3 2 Sociālais dienests 1 1 Kopā 4 3/);
  });
});

describe('document card PDF', () => {
  it('prints metadata, resolution, tasks and history in Russian', async () => {
    // given
    const card: DocumentCardData = {
      registrationNumber: '01-15/2026/301',
      registeredOn: '2026-05-04',
      register: 'Входящие документы',
      correspondent: 'Ерлан Әбілқасымов',
      theirNumber: '17/4',
      theirDate: '2026-04-30',
      subject: 'Өтініш: жер учаскесін бөлу туралы (заявление о разделе участка)',
      caseFile: '01-15',
      status: 'На исполнении',
      dueDate: '2026-06-03',
      executedOn: null,
      resolution: {
        text: 'Отделу строительства рассмотреть и подготовить ответ',
        author: 'Сергей Ёлкин',
        givenOn: '2026-05-05',
      },
      tasks: [
        {
          executor: 'Сәуле Өмірбекова',
          department: 'Отдел строительства',
          description: 'Подготовить ответ',
          assignedOn: '2026-05-05',
          dueDate: '2026-06-01',
          completedOn: null,
          result: null,
        },
      ],
      history: [
        { at: new Date('2026-05-04T06:30:00Z'), actor: 'Ольга Ёлкина', action: 'Зарегистрирован' },
        { at: new Date('2026-05-05T09:12:00Z'), actor: 'Сергей Ёлкин', action: 'Резолюция' },
      ],
    };
    // when
    const pdf = await printToBuffer((output) =>
      printPdf('card', card, aPrintContext('ru'), output, templates),
    );
    // then
    const read = await readPdf(pdf);
    const text = flat(read.text);
    expect(read.pages).toBe(1);
    expect(text).toContain('Регистрационно-контрольная карточка 01-15/2026/301');
    expect(text).toContain('Өтініш: жер учаскесін бөлу туралы');
    expect(text).toContain('Отделу строительства рассмотреть');
    expect(text).toContain('Сәуле Өмірбекова');
    expect(text).toMatch(/04\.05\.2026,? 09:30 Ольга Ёлкина Зарегистрирован/);
    expect(text).toContain('Страница 1 из 1');
  });
});

describe('order sheet PDF', () => {
  it('prints the numbered points, approvals, the signature block and the acquaintance list', async () => {
    // given
    const order: OrderSheetData = {
      orderNumber: 'ADM/1-10-1/26/3',
      issuedOn: '2026-03-10',
      place: 'Ķekava',
      title: 'Par darba grupas izveidi ielu apgaismojuma pārbūvei',
      preamble: 'Pamatojoties uz Pašvaldību likuma 21. panta pirmo daļu,',
      points: [
        'Izveidot darba grupu: Jānis Ozoliņš, Līga Kalniņa.',
        'Darba grupai līdz 30. aprīlim iesniegt priekšlikumus.',
      ],
      signer: { position: 'Domes priekšsēdētājs', name: 'Mārtiņš Liepa' },
      approvals: [{ position: 'Juridiskās nodaļas vadītāja', name: 'Ilze Grīnberga' }],
      acquainted: ['Jānis Ozoliņš', 'Līga Kalniņa'],
    };
    // when
    const pdf = await printToBuffer((output) =>
      printPdf('order', order, aPrintContext('lv'), output, templates),
    );
    // then
    const text = flat((await readPdf(pdf)).text);
    expect(text).toContain('Rīkojums Nr. ADM/1-10-1/26/3');
    expect(text).toContain('1. Izveidot darba grupu');
    expect(text).toContain('2. Darba grupai līdz 30. aprīlim');
    expect(text).toContain('Domes priekšsēdētājs');
    expect(text).toContain('(paraksts) Mārtiņš Liepa');
    expect(text).toContain('Saskaņots');
    expect(text).toContain('Ilze Grīnberga');
    expect(text).toContain('Ar rīkojumu iepazinušies');
  });
});

describe('execution statistics PDF', () => {
  it('prints per-department figures, weighted totals and a chart with its labels', async () => {
    // given
    const statistics: StatisticsData = {
      from: '2026-01-01',
      to: '2026-03-31',
      departments: [
        {
          department: 'Būvvalde',
          received: 120,
          completedOnTime: 98,
          completedLate: 12,
          open: 10,
          averageProcessingDays: 14,
        },
        {
          department: 'Finanšu nodaļa',
          received: 40,
          completedOnTime: 30,
          completedLate: 0,
          open: 10,
          averageProcessingDays: 3,
        },
        {
          department: 'Sociālais dienests',
          received: 64,
          completedOnTime: 0,
          completedLate: 0,
          open: 64,
          averageProcessingDays: null,
        },
      ],
    };
    // when
    const pdf = await printToBuffer((output) =>
      printPdf('statistics', statistics, aPrintContext('lv'), output, templates),
    );
    // then
    const read = await readPdf(pdf);
    const text = flat(read.text);
    expect(read.pages).toBe(1);
    expect(text).toContain('Izpildes statistika');
    expect(text).toMatch(/Būvvalde 120 98 12 10 14,0/);
    expect(text).toMatch(/Sociālais dienests 64 0 0 64 Finanšu|Sociālais dienests 64 0 0 64 Kopā/);
    // (14 × 110 + 3 × 30) / 140 = 11.6
    expect(text).toMatch(/Kopā 224 128 12 84 11,6/);
    expect(text).toContain('Dokumenti pa struktūrvienībām');
    expect(text).toContain('Izpildīti ar kavējumu');
  });
});
