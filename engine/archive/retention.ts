/**
 * Retention (issue 19, part 2): how long a case file — and every document filed in it — is kept.
 * Archives count retention from 1 January of the year after the case file's year (the year it is
 * closed): a case file of 2020 kept 5 years is kept through 2025 and its retention ends on
 * 1 January 2026. A document inherits the end date of its case file; a permanent file has none (it is
 * kept, and transferred to the state archive by an appraisal act). A file kept longer by an act
 * (`keep`) is appraised again from 1 January of the year the act named.
 */
import type { ArchiveCaseFile } from '../store/archivePorts.js';
import type { CaseFile } from '../store/recordPorts.js';

/** `YYYY-MM-DD`, the first day the case file is no longer kept; null when permanent. */
export function retentionEndsOn(
  caseFile: Pick<CaseFile, 'year' | 'retention' | 'retentionYears'>,
): string | null {
  if (caseFile.retention === 'permanent' || caseFile.retentionYears === null) return null;
  return `${String(caseFile.year + 1 + caseFile.retentionYears).padStart(4, '0')}-01-01`;
}

/** When the case file is due for appraisal: its retention end, or the end of a longer keeping. */
export function appraisalDueOn(caseFile: ArchiveCaseFile): string | null {
  if (caseFile.outcome === 'kept' && caseFile.keepUntilYear !== null)
    return `${caseFile.keepUntilYear}-01-01`;
  return retentionEndsOn(caseFile);
}

/**
 * Whether the appraisal list offers the case file on `today`: its retention (or longer keeping) has
 * ended, it was neither destroyed nor transferred, no act in progress names it, and it is not under
 * a legal hold — a held file is never offered for disposal.
 */
export function isOffered(caseFile: ArchiveCaseFile, today: string): boolean {
  const due = appraisalDueOn(caseFile);
  return (
    due !== null &&
    due <= today &&
    caseFile.hold === null &&
    caseFile.pendingActId === null &&
    (caseFile.outcome === null || caseFile.outcome === 'kept')
  );
}
