/**
 * A person's choice of language in the pages' switch, kept with them so that their notification
 * mails are written in it.
 */
import { auditActor, type UseCaseContext } from '../context.js';
import { Invalid } from '../errors.js';

/** A language code as the pages name them (`lv`, `en`, `ru`). */
const LANGUAGE_CODE = /^[a-z]{2,3}$/;

/** Stores `language` as the acting person's own; the pages only pass languages they offer. */
export async function chooseLanguage(ctx: UseCaseContext, language: string): Promise<void> {
  const userId = ctx.actor.id;
  if (userId === null) throw new Invalid('The system has no language of its own.');
  if (!LANGUAGE_CODE.test(language)) throw new Invalid(`not a language code: "${language}"`);
  await ctx.store.transaction(async (tx) => {
    const user = await tx.users.get(userId);
    if (!user || user.language === language) return;
    await tx.users.setLanguage(userId, language);
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: ctx.clock.now(),
      action: 'user.language_chosen',
      objectType: 'user',
      objectId: userId,
      details: { from: user.language, to: language },
    });
  });
}

/** The language the acting person chose, or null when they have not chosen one (or are the system). */
export async function chosenLanguage(ctx: UseCaseContext): Promise<string | null> {
  if (ctx.actor.id === null) return null;
  return (await ctx.store.users.get(ctx.actor.id))?.language ?? null;
}
