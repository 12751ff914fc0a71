/**
 * What the administration forms share: the admin check, the use cases' field problems in the
 * user's language, and re-showing a form with what was typed after a refusal.
 */
import type { Request } from 'express';
import { Invalid, type Problem } from '../../../engine/errors.js';
import { requestLanguage, translator } from '../../i18n/translate.js';
import { problemsByField } from '../problemMessages.js';

/** Field problems in the request's language, by their message codes (web/pages/problemMessages.ts). */
export function adminProblems(req: Request, problems: readonly Problem[]): Record<string, string[]> {
  return problemsByField(problems, translator(requestLanguage(req)));
}

/**
 * Runs a form's use case; an Invalid is handed to `reshow` (the form again, with what was typed and
 * the problems next to the fields), anything else goes to the error page.
 */
export async function submitForm(
  work: () => Promise<void>,
  reshow: (problems: Problem[]) => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    await reshow(error.problems.length > 0 ? error.problems : [{ message: error.message }]);
  }
}
