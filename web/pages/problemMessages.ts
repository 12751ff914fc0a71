/**
 * The use cases' field problems, grouped per field for the forms, in the user's language: each
 * problem's code and values say it in every language (web/i18n/engineMessages.ts); a problem
 * without a code is shown as the use case wrote it.
 */
import type { Problem } from '../../engine/errors.js';
import { translateEngineMessage } from '../i18n/engineMessages.js';
import type { Translate } from '../i18n/translate.js';

export function problemsByField(problems: readonly Problem[], t: Translate): Record<string, string[]> {
  const byField: Record<string, string[]> = {};
  for (const problem of problems) {
    // Dotted fields (`correspondent.name`) become `correspondent_name`: templates read them as keys.
    const name = (problem.field ?? '_form').replace(/\./g, '_');
    (byField[name] ??= []).push(translateEngineMessage(problem, t));
  }
  return byField;
}

/** The problems themselves in the user's language, for pages that list them apart from fields. */
export const translateProblems = (problems: readonly Problem[], t: Translate): Problem[] =>
  problems.map((problem) => ({ ...problem, message: translateEngineMessage(problem, t) }));
