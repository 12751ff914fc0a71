/**
 * Where a report's template comes from: the shipped file in `templates/reports/<kind>.hbs`, unless
 * an administrator's replacement is stored. Storing replacements is the records layer's; it passes
 * its lookup in. Reverting is deleting the replacement: the shipped file is never changed.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReportKind } from './reports/reportDefinition.js';

export interface ResolvedTemplate {
  kind: ReportKind;
  source: string;
  origin: 'shipped' | 'custom';
}

export interface TemplateSource {
  /** The template as shipped with Kanceleja. */
  shipped(kind: ReportKind): Promise<string>;
  /** The template to print with: the administrator's replacement if there is one, else the shipped one. */
  resolve(kind: ReportKind): Promise<ResolvedTemplate>;
}

/** A stored replacement for `kind`, or null. */
export type TemplateOverrideLookup = (kind: ReportKind) => Promise<string | null>;

export const SHIPPED_TEMPLATES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../templates/reports',
);

export function createTemplateSource(
  override: TemplateOverrideLookup = async () => null,
  directory: string = SHIPPED_TEMPLATES_DIR,
): TemplateSource {
  const cache = new Map<ReportKind, Promise<string>>();
  const shipped = (kind: ReportKind): Promise<string> => {
    let source = cache.get(kind);
    if (!source) {
      source = readFile(path.join(directory, `${kind}.hbs`), 'utf8');
      cache.set(kind, source);
    }
    return source;
  };
  return {
    shipped,
    async resolve(kind) {
      const custom = await override(kind);
      return custom === null
        ? { kind, source: await shipped(kind), origin: 'shipped' }
        : { kind, source: custom, origin: 'custom' };
    },
  };
}
