/**
 * What every print use case takes besides its parameters: the format, the reader's language, where
 * the bytes go, the templates (shipped or stored) and the institution printed in the page frame.
 */
import type { Writable } from 'node:stream';
import { settingsOf, type UseCaseContext } from '../../context.js';
import type { PrintLocale } from '../labels.js';
import type { PrintContext } from '../reportData.js';
import type { TemplateSource } from '../templateSource.js';

export type PrintFormat = 'pdf' | 'csv' | 'xlsx';

export interface Institution {
  name: string;
  /** A PNG or JPEG printed in the page header. */
  logoPath?: string | null;
}

export interface PrintRequest {
  format: PrintFormat;
  locale: PrintLocale;
  output: Writable;
  /** Default: the institution's stored replacements, else the shipped files (`storedTemplateSource`). */
  templates?: TemplateSource;
  institution: Institution;
  /** Called now and then while rows are printed, with the rows done so far. */
  onProgress?: (rowsDone: number) => void;
  /**
   * The words the pages use for what happened to a document (`timeline.<code>`, `priority.<value>`)
   * in `locale`, so that a printed history reads as the card page does; undefined for a key without
   * words (the code is printed then). Given by the web layer, which holds the page catalogs.
   */
  phrase?: (key: string) => string | undefined;
}

export interface PrintResult {
  /** Null for CSV and XLSX. */
  pages: number | null;
  rows: number;
}

export const DEFAULT_INSTITUTION: Institution = { name: 'Kanceleja', logoPath: null };

/** The institution configured for this server (INSTITUTION_NAME, INSTITUTION_LOGO). */
export function institutionOf(ctx: UseCaseContext): Institution {
  return {
    name: ctx.settings?.institutionName ?? DEFAULT_INSTITUTION.name,
    logoPath: ctx.settings?.institutionLogo ?? null,
  };
}

export function printContextOf(ctx: UseCaseContext, request: PrintRequest): PrintContext {
  return {
    locale: request.locale,
    timeZone: settingsOf(ctx).timeZone,
    institution: request.institution,
    generatedAt: ctx.clock.now(),
    generatedBy: ctx.actor.displayName,
  };
}

/** Passes rows through, telling `onProgress` every `every` rows and at the end. */
export async function* counted<T>(
  rows: AsyncIterable<T>,
  onProgress: ((rowsDone: number) => void) | undefined,
  every = 100,
): AsyncIterable<T> {
  let done = 0;
  for await (const row of rows) {
    yield row;
    done += 1;
    if (onProgress && done % every === 0) onProgress(done);
  }
  onProgress?.(done);
}
