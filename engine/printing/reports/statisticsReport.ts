/** Execution statistics for a period, per department, with totals and a bar chart. */
import type { StatisticsData, StatisticsRow } from '../reportData.js';
import { noAccumulator, type ReportDefinition } from './reportDefinition.js';

/** Totals over departments; the average is weighted by the documents each department completed. */
export function statisticsTotals(rows: StatisticsRow[]): Omit<StatisticsRow, 'department'> {
  const sum = (pick: (row: StatisticsRow) => number): number =>
    rows.reduce((total, row) => total + pick(row), 0);
  const completed = sum((row) => row.completedOnTime + row.completedLate);
  const weighted = sum((row) => (row.averageProcessingDays ?? 0) * (row.completedOnTime + row.completedLate));
  return {
    received: sum((row) => row.received),
    completedOnTime: sum((row) => row.completedOnTime),
    completedLate: sum((row) => row.completedLate),
    open: sum((row) => row.open),
    averageProcessingDays: completed === 0 ? null : weighted / completed,
  };
}

const sample: StatisticsData = {
  from: '2026-01-01',
  to: '2026-03-31',
  departments: [
    {
      department: 'Būvvalde',
      received: 120,
      completedOnTime: 98,
      completedLate: 12,
      open: 10,
      averageProcessingDays: 14.2,
    },
    {
      department: 'Sociālais dienests',
      received: 64,
      completedOnTime: 60,
      completedLate: 0,
      open: 4,
      averageProcessingDays: null,
    },
  ],
};

export const statisticsReport: ReportDefinition<StatisticsData, StatisticsRow> = {
  kind: 'statistics',
  head: (data) => ({ ...data, totals: statisticsTotals(data.departments) }),
  rows: () => null,
  rowView: (row) => row,
  accumulator: () => noAccumulator,
  samples: () => [sample, { ...sample, departments: [] }],
  tabular: {
    rows: (data) => data.departments,
    columns: [
      { label: 'stats.department', type: 'text', value: (row) => row.department, width: 28 },
      { label: 'stats.received', type: 'number', value: (row) => row.received, width: 10 },
      { label: 'stats.onTime', type: 'number', value: (row) => row.completedOnTime, width: 12 },
      { label: 'stats.late', type: 'number', value: (row) => row.completedLate, width: 12 },
      { label: 'stats.open', type: 'number', value: (row) => row.open, width: 10 },
      { label: 'stats.averageDays', type: 'number', value: (row) => row.averageProcessingDays, width: 14 },
    ],
  },
};
