/** The `designer.*` messages in the user's language, handed to the browser bundles in `data-messages`. */
import type { Request } from 'express';
import { en, type MessageId } from '../../i18n/en.js';
import { requestLanguage, translator } from '../../i18n/translate.js';

const DESIGNER_IDS = (Object.keys(en) as MessageId[]).filter((id) => id.startsWith('designer.'));

/** JSON of the raw messages (placeholders kept): the bundle fills them in. */
export function designerMessagesJson(req: Request): string {
  const t = translator(requestLanguage(req));
  // Without values the translator leaves `{name}` placeholders in place for the bundle to fill.
  return JSON.stringify(Object.fromEntries(DESIGNER_IDS.map((id) => [id, t(id)])));
}
