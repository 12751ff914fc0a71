/** The registration journal: one register, one period, a row per registered document, totals. */
import type { JournalData, JournalRow } from '../reportData.js';
import { fromArray, type ReportDefinition } from './reportDefinition.js';

/** A row as `{{#rows}}` sees it: the data plus `late` (executed after the due date). */
export interface JournalRowView extends JournalRow {
  late: boolean;
}

const isLate = (row: JournalRow): boolean =>
  row.executedOn !== null && row.dueDate !== null && row.executedOn > row.dueDate;

const fullSample: JournalRow = {
  registrationNumber: '3-12/2026/15',
  registeredOn: '2026-03-02',
  correspondent: 'SIA "Ķekavas nami"',
  theirNumber: '1-7/44',
  theirDate: '2026-02-27',
  subject: 'Par ūdensvada remontu Rīgas ielā 12',
  resolution: 'Izskatīt un sagatavot atbildi',
  executors: ['Jānis Ozoliņš', 'Līga Kalniņa'],
  dueDate: '2026-03-30',
  executedOn: '2026-04-02',
  caseFile: '3-12',
};

const sparseSample: JournalRow = {
  ...fullSample,
  registrationNumber: '3-12/2026/16',
  theirNumber: null,
  theirDate: null,
  resolution: null,
  executors: [],
  dueDate: null,
  executedOn: null,
  caseFile: null,
};

export const journalReport: ReportDefinition<JournalData, JournalRow> = {
  kind: 'journal',
  head: (data) => ({
    register: data.register,
    from: data.from,
    to: data.to,
    caseFile: data.caseFile ?? null,
  }),
  rows: (data) => data.rows,
  rowView: (row): JournalRowView => ({ ...row, late: isLate(row) }),
  accumulator() {
    const totals = { documents: 0, executed: 0, executedLate: 0, open: 0 };
    return {
      add(row) {
        totals.documents += 1;
        if (row.executedOn === null) totals.open += 1;
        else totals.executed += 1;
        if (isLate(row)) totals.executedLate += 1;
      },
      result: () => ({ ...totals }),
    };
  },
  samples: () =>
    [
      [[fullSample, sparseSample], null],
      [[fullSample], { indexCode: '3-12', title: 'Iedzīvotāju iesniegumi', year: 2026 }],
      [[sparseSample], null],
    ].map(([rows, caseFile]) => ({
      register: { code: 'IEN', name: 'Ienākošie dokumenti' },
      from: '2026-01-01',
      to: '2026-03-31',
      caseFile: caseFile as JournalData['caseFile'],
      rows: fromArray(rows as JournalRow[]),
    })),
  tabular: {
    rows: (data) => data.rows,
    columns: [
      { label: 'journal.number', type: 'text', value: (row) => row.registrationNumber, width: 16 },
      { label: 'journal.date', type: 'date', value: (row) => row.registeredOn, width: 11 },
      { label: 'journal.correspondent', type: 'text', value: (row) => row.correspondent, width: 28 },
      { label: 'journal.theirNumber', type: 'text', value: (row) => row.theirNumber, width: 12 },
      { label: 'journal.theirDate', type: 'date', value: (row) => row.theirDate, width: 11 },
      { label: 'journal.subject', type: 'text', value: (row) => row.subject, width: 48 },
      { label: 'journal.resolution', type: 'text', value: (row) => row.resolution, width: 30 },
      { label: 'journal.executors', type: 'text', value: (row) => row.executors.join(', '), width: 24 },
      { label: 'journal.dueDate', type: 'date', value: (row) => row.dueDate, width: 11 },
      { label: 'journal.executedOn', type: 'date', value: (row) => row.executedOn, width: 11 },
      { label: 'journal.caseFile', type: 'text', value: (row) => row.caseFile, width: 10 },
    ],
  },
};
