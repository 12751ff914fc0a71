/**
 * The use cases' field problems, grouped per field for the forms, in the user's language: the
 * catalog (web/i18n/problemCatalog.ts) knows the engine's messages; one it does not know is shown
 * as the use case wrote it.
 */
import type { Problem } from '../../engine/errors.js';
import { translateMessage } from '../i18n/problemCatalog.js';
import type { Translate } from '../i18n/translate.js';

export function problemsByField(problems: readonly Problem[], t: Translate): Record<string, string[]> {
  const byField: Record<string, string[]> = {};
  for (const problem of problems) {
    // Dotted fields (`correspondent.name`) become `correspondent_name`: templates read them as keys.
    const name = (problem.field ?? '_form').replace(/\./g, '_');
    (byField[name] ??= []).push(translateMessage(problem.message, t));
  }
  return byField;
}

/** The problems themselves in the user's language, for pages that list them apart from fields. */
export const translateProblems = (problems: readonly Problem[], t: Translate): Problem[] =>
  problems.map((problem) => ({ ...problem, message: translateMessage(problem.message, t) }));
