/** The control report: open tasks as of a date, grouped by department and executor, with days overdue. */
import { daysBetween } from '../formatting.js';
import type { ControlData, ControlRow } from '../reportData.js';
import { fromArray, type ReportDefinition } from './reportDefinition.js';

/** A row as `{{#rows}}` sees it. Days overdue are calendar days after the due date, 0 when not yet due. */
export interface ControlRowView extends ControlRow {
  daysOverdue: number;
  overdue: boolean;
}

const daysOverdue = (row: ControlRow, asOf: string): number => Math.max(0, daysBetween(row.dueDate, asOf));

const sampleRows: ControlRow[] = [
  {
    department: 'Būvvalde',
    executor: 'Jānis Ozoliņš',
    registrationNumber: '3-12/2026/15',
    subject: 'Par ūdensvada remontu Rīgas ielā 12',
    task: 'Sagatavot atbildi',
    assignedOn: '2026-03-02',
    dueDate: '2026-03-30',
  },
  {
    department: 'Būvvalde',
    executor: 'Līga Kalniņa',
    registrationNumber: '3-12/2026/18',
    subject: 'Būvatļaujas pagarināšana',
    task: 'Izvērtēt dokumentus',
    assignedOn: '2026-03-05',
    dueDate: '2026-04-20',
  },
];

export const controlReport: ReportDefinition<ControlData, ControlRow> = {
  kind: 'control',
  head: (data) => ({ asOf: data.asOf }),
  rows: (data) => data.rows,
  rowView: (row, data): ControlRowView => {
    const days = daysOverdue(row, data.asOf);
    return { ...row, daysOverdue: days, overdue: days > 0 };
  },
  accumulator(data) {
    // Departments are few; their counts are all that is kept of the rows.
    const byDepartment = new Map<string, { department: string; open: number; overdue: number }>();
    const totals = { open: 0, overdue: 0 };
    return {
      add(row) {
        const overdue = daysOverdue(row, data.asOf) > 0 ? 1 : 0;
        const entry = byDepartment.get(row.department) ?? { department: row.department, open: 0, overdue: 0 };
        entry.open += 1;
        entry.overdue += overdue;
        byDepartment.set(row.department, entry);
        totals.open += 1;
        totals.overdue += overdue;
      },
      result: () => ({ ...totals, departments: [...byDepartment.values()] }),
    };
  },
  samples: () => [
    { asOf: '2026-04-10', rows: fromArray(sampleRows) },
    { asOf: '2026-04-10', rows: fromArray([]) },
  ],
  tabular: {
    rows: (data) => data.rows,
    columns: [
      { label: 'control.department', type: 'text', value: (row) => row.department, width: 24 },
      { label: 'control.executor', type: 'text', value: (row) => row.executor, width: 22 },
      { label: 'control.document', type: 'text', value: (row) => row.registrationNumber, width: 16 },
      { label: 'journal.subject', type: 'text', value: (row) => row.subject, width: 40 },
      { label: 'control.task', type: 'text', value: (row) => row.task, width: 30 },
      { label: 'control.assignedOn', type: 'date', value: (row) => row.assignedOn, width: 11 },
      { label: 'control.dueDate', type: 'date', value: (row) => row.dueDate, width: 11 },
      {
        label: 'control.daysOverdue',
        type: 'number',
        value: (row, data) => daysOverdue(row, data.asOf),
        width: 10,
      },
    ],
  },
};
