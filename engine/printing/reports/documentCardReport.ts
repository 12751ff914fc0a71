/** The document card: one document's metadata, resolution, tasks and history. Small: no streaming. */
import type { DocumentCardData } from '../reportData.js';
import { noAccumulator, type ReportDefinition } from './reportDefinition.js';

const full: DocumentCardData = {
  registrationNumber: '3-12/2026/15',
  registeredOn: '2026-03-02',
  register: 'Ienākošie dokumenti',
  correspondent: 'SIA "Ķekavas nami"',
  theirNumber: '1-7/44',
  theirDate: '2026-02-27',
  subject: 'Par ūdensvada remontu Rīgas ielā 12',
  text: ['Informējam, ka remonts sāksies maijā.', 'Ar cieņu, Būvvalde'],
  caseFile: '3-12',
  status: 'Izpildē',
  dueDate: '2026-03-30',
  executedOn: null,
  resolution: {
    text: 'Būvvaldei izskatīt un sagatavot atbildi',
    author: 'Mārtiņš Liepa',
    givenOn: '2026-03-03',
  },
  tasks: [
    {
      executor: 'Jānis Ozoliņš',
      department: 'Būvvalde',
      description: 'Sagatavot atbildi',
      assignedOn: '2026-03-03',
      dueDate: '2026-03-30',
      completedOn: '2026-03-28',
      result: 'Atbilde nosūtīta',
    },
  ],
  history: [{ at: new Date('2026-03-02T08:15:00Z'), actor: 'Anna Bērziņa', action: 'Reģistrēts' }],
  thread: [
    {
      at: new Date('2026-03-10T09:00:00Z'),
      author: 'Jānis Ozoliņš',
      kind: 'atdots atpakaļ',
      to: 'Mārtiņš Liepa',
      text: 'Jānorāda arī Finanšu nodaļa',
    },
  ],
};

export const documentCardReport: ReportDefinition<DocumentCardData, never> = {
  kind: 'card',
  head: (data) => data,
  rows: () => null,
  rowView: () => ({}),
  accumulator: () => noAccumulator,
  samples: () => [
    full,
    {
      ...full,
      correspondent: null,
      theirNumber: null,
      theirDate: null,
      caseFile: null,
      dueDate: null,
      resolution: null,
      tasks: [{ ...full.tasks[0]!, department: null, dueDate: null, completedOn: null, result: null }],
      history: [],
      thread: [],
      text: [],
    },
  ],
  tabular: null,
};
