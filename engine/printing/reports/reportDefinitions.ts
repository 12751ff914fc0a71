/** Every report by kind, with the data type each one prints. */
import type {
  ControlData,
  DocumentCardData,
  JournalData,
  OrderSheetData,
  StatisticsData,
} from '../reportData.js';
import { controlReport } from './controlReport.js';
import { documentCardReport } from './documentCardReport.js';
import { journalReport } from './journalReport.js';
import { orderSheetReport } from './orderSheetReport.js';
import type { ReportDefinition, ReportKind } from './reportDefinition.js';
import { statisticsReport } from './statisticsReport.js';

export interface ReportDataByKind {
  journal: JournalData;
  control: ControlData;
  card: DocumentCardData;
  order: OrderSheetData;
  statistics: StatisticsData;
}

const definitions = {
  journal: journalReport,
  control: controlReport,
  card: documentCardReport,
  order: orderSheetReport,
  statistics: statisticsReport,
} as const;

/** The definition of `kind`, typed by the data it takes; rows are opaque beyond this point. */
export function reportDefinition<K extends ReportKind>(
  kind: K,
): ReportDefinition<ReportDataByKind[K], unknown> {
  return definitions[kind] as unknown as ReportDefinition<ReportDataByKind[K], unknown>;
}
