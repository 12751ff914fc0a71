/**
 * What the administration forms share: the admin check, the use cases' field problems in the
 * user's language, and re-showing a form with what was typed after a refusal.
 */
import type { Request } from 'express';
import { Invalid, type Problem } from '../../../engine/errors.js';
import { type MessageId, requestLanguage, translator } from '../../i18n/translate.js';
import { problemsByField } from '../problemMessages.js';

/** The messages of engine/directory and engine/substitutions, by their English text. */
const MESSAGES: Record<string, MessageId> = {
  'is taken': 'admin.problem.taken',
  'no such department': 'admin.problem.noDepartment',
  'the department is inactive': 'admin.problem.departmentInactive',
  'may hold only letters A–Z, digits, - and _': 'admin.problem.code',
  'may hold only letters, digits and . _ @ -': 'admin.problem.username',
  'is not an e-mail address': 'admin.problem.email',
  'must be at least 12 characters long': 'admin.problem.passwordShort',
  'is kept in the directory and set again at the next login': 'admin.problem.directoryOwned',
  'is kept in the directory; change it there': 'admin.problem.directoryPassword',
  'you cannot take the admin role from yourself': 'admin.problem.ownAdmin',
  'in use: deactivate it instead': 'admin.problem.inUse',
  'must be someone else': 'admin.problem.someoneElse',
  'no such user': 'admin.problem.noUser',
  'no such active user': 'admin.problem.noUser',
  'must not be before the first day': 'admin.problem.dateOrder',
  'is in the past': 'admin.problem.past',
  'a substitution may last at most 366 days': 'admin.problem.tooLong',
};

/** Field problems in the request's language; dates and the like keep the use case's wording. */
export function adminProblems(req: Request, problems: readonly Problem[]): Record<string, string[]> {
  const t = translator(requestLanguage(req));
  // The admin pages' own words replace the problem's code and values, which would say it otherwise.
  const said = (problem: Problem, message: string): Problem =>
    problem.field === undefined ? { message } : { field: problem.field, message };
  const translated = problems.map((problem) => {
    const id = MESSAGES[problem.message];
    if (id) return said(problem, t(id));
    if (/ is not a date \(YYYY-MM-DD\)$/.test(problem.message)) return said(problem, t('admin.problem.date'));
    return problem;
  });
  return problemsByField(translated, t);
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
