/** Realistic report data in Latvian, Russian and Kazakh, and helpers to print and read back a PDF. */
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { PrintLocale } from '../../engine/printing/labels.js';
import type { ControlRow, JournalData, JournalRow, PrintContext } from '../../engine/printing/reportData.js';

export const LOGO_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'logo.png');

export function aPrintContext(locale: PrintLocale, overrides: Partial<PrintContext> = {}): PrintContext {
  return {
    locale,
    timeZone: 'Europe/Riga',
    institution: {
      name: locale === 'lv' ? 'Ķekavas novada pašvaldība' : 'Әкімдік / Администрация',
      logoPath: LOGO_PATH,
    },
    generatedAt: new Date('2026-11-23T12:05:00Z'),
    generatedBy: locale === 'lv' ? 'Anna Bērziņa' : 'Ольга Ёлкина',
    ...overrides,
  };
}

const LATVIAN_SUBJECTS = [
  'Iesniegums par zemes gabala sadalīšanu Ķekavas pagastā',
  'Par ūdensvada remontu Rīgas ielā',
  'Sūdzība par ielu apgaismojumu un ceļa seguma bojājumiem, lūgums novērst līdz mācību gada sākumam',
  'Ģimenes pabalsta piešķiršana',
  'Būvatļaujas pagarināšana dzīvojamai mājai ar šķūni',
];
const CYRILLIC_SUBJECTS = [
  'Ёлочный базар на площади: заявление о разрешении',
  'Қала әкімдігіне өтініш: жер учаскесін бөлу туралы',
  'Жөндеу жұмыстары — өңірлік бағдарлама бойынша есеп',
];

/** `count` journal rows, generated one at a time as a store cursor would deliver them. */
export async function* journalRows(
  count: number,
  script: 'latin' | 'cyrillic' = 'latin',
): AsyncIterable<JournalRow> {
  const subjects = script === 'latin' ? LATVIAN_SUBJECTS : CYRILLIC_SUBJECTS;
  for (let i = 1; i <= count; i += 1) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    yield {
      registrationNumber: `3-12/2026/${i}`,
      registeredOn: `2026-03-${day}`,
      correspondent:
        script === 'latin'
          ? i % 2
            ? 'SIA "Ķekavas nami"'
            : 'Jānis Ozoliņš'
          : 'ТОО «Қазақ Өнім», Ерлан Әбілқасымов',
      theirNumber: i % 3 ? `1-7/${i}` : null,
      theirDate: i % 3 ? '2026-02-27' : null,
      subject: `${subjects[i % subjects.length]} (${i})`,
      resolution:
        i % 4
          ? script === 'latin'
            ? 'Izskatīt un sagatavot atbildi'
            : 'Рассмотреть и подготовить ответ'
          : null,
      executors: i % 4 ? [script === 'latin' ? 'Līga Kalniņa' : 'Сәуле Өмірбекова'] : [],
      dueDate: '2026-04-15',
      executedOn: i % 5 === 0 ? null : i % 7 === 0 ? '2026-04-20' : '2026-04-10',
      caseFile: '3-12',
    };
  }
}

export const aJournal = (count: number, script: 'latin' | 'cyrillic' = 'latin'): JournalData => ({
  register: { code: 'IEN', name: script === 'latin' ? 'Ienākošie dokumenti' : 'Входящие документы' },
  from: '2026-03-01',
  to: '2026-03-31',
  rows: journalRows(count, script),
});

export async function* controlRows(rows: ControlRow[]): AsyncIterable<ControlRow> {
  yield* rows;
}

/** Prints with `print` into memory and returns the bytes. */
export async function printToBuffer(print: (output: PassThrough) => Promise<unknown>): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  await print(output);
  return Buffer.concat(chunks);
}
