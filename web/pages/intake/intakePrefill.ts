/**
 * The new-document form opened from an intake item (`/documents/new?intake=…`): subject,
 * correspondent (the card matched by e-mail, or a new card with the sender's name and address),
 * channel e-mail and the sender's date filled in; the message and its files come along and are
 * listed on the form. The form posts `intakeId` and `intakeVersion`, and the page registers through
 * engine/intake/intakeItems.ts `registerIntakeItem`.
 */
import { localDate, type UseCaseContext } from '../../../engine/context.js';
import { getIntakeItem, intakeFiles } from '../../../engine/intake/intakeItems.js';
import type { NewDocumentInput } from '../documents/newDocumentForm.js';

export interface IntakeOnForm {
  id: string;
  version: number;
  from: string;
  files: { fileName: string; size: number }[];
}

export async function intakeOnForm(ctx: UseCaseContext, itemId: string): Promise<IntakeOnForm> {
  const { item } = await getIntakeItem(ctx, itemId);
  return {
    id: item.id,
    version: item.version,
    from: [item.fromName, item.fromAddress ? `<${item.fromAddress}>` : null].filter(Boolean).join(' '),
    files: intakeFiles(item).map((file) => ({ fileName: file.fileName, size: file.size })),
  };
}

/** The form's fields as the item fills them; the rest stays as `input` has it. */
export async function prefillFromIntake(
  ctx: UseCaseContext,
  itemId: string,
  input: NewDocumentInput,
  timeZone: string,
): Promise<{ input: NewDocumentInput; intake: IntakeOnForm }> {
  const { item } = await getIntakeItem(ctx, itemId);
  const newCard = item.correspondentId === null && item.fromAddress !== null;
  return {
    input: {
      ...input,
      subject: item.subject,
      channel: 'email',
      correspondentId: item.correspondentId ?? '',
      correspondentName: newCard ? (item.fromName ?? item.fromAddress ?? '') : '',
      correspondentEmail: newCard ? (item.fromAddress ?? '') : '',
      theirDate: item.sentAt ? localDate(item.sentAt, timeZone) : '',
    },
    intake: await intakeOnForm(ctx, itemId),
  };
}
