import type { Queryable } from '../db.js';
import type { ReportTemplateRepository, StoredReportTemplate } from '../reportPorts.js';

interface TemplateRow {
  report: string;
  source: string;
  updated_by: string | null;
  updated_by_name: string;
  updated_at: Date;
}

const toTemplate = (row: TemplateRow): StoredReportTemplate => ({
  report: row.report,
  source: row.source,
  updatedBy: row.updated_by,
  updatedByName: row.updated_by_name,
  updatedAt: new Date(row.updated_at),
});

export function reportTemplateRepository(db: Queryable): ReportTemplateRepository {
  return {
    async get(report) {
      const [row] = await db.query<TemplateRow>('SELECT * FROM report_templates WHERE report = $1', [report]);
      return row ? toTemplate(row) : null;
    },
    async list() {
      const rows = await db.query<TemplateRow>('SELECT * FROM report_templates ORDER BY report');
      return rows.map(toTemplate);
    },
    async put(template) {
      const [row] = await db.query<TemplateRow>(
        `INSERT INTO report_templates (report, source, updated_by, updated_by_name, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (report) DO UPDATE SET source = EXCLUDED.source, updated_by = EXCLUDED.updated_by,
           updated_by_name = EXCLUDED.updated_by_name, updated_at = EXCLUDED.updated_at
         RETURNING *`,
        [template.report, template.source, template.updatedBy, template.updatedByName, template.updatedAt],
      );
      if (!row) throw new Error('report template was not stored');
      return toTemplate(row);
    },
    async delete(report) {
      const rows = await db.query('DELETE FROM report_templates WHERE report = $1 RETURNING report', [
        report,
      ]);
      return rows.length > 0;
    },
  };
}
