/**
 * The use cases' field problems, grouped per field for the forms. The common messages are
 * translated; the rest are shown as the use case wrote them.
 */
import type { Problem } from '../../engine/errors.js';
import type { Translate } from '../i18n/translate.js';

export function problemsByField(problems: readonly Problem[], t: Translate): Record<string, string[]> {
  const byField: Record<string, string[]> = {};
  for (const problem of problems) {
    // Dotted fields (`correspondent.name`) become `correspondent_name`: templates read them as keys.
    const name = (problem.field ?? '_form').replace(/\./g, '_');
    const message = problem.message === 'is required' ? t('problem.required') : problem.message;
    (byField[name] ??= []).push(message);
  }
  return byField;
}
