/**
 * The rework of a returned outgoing draft on its task page: the author edits the subject, the text,
 * the addressee and the files, says what was changed, and sends it for another review
 * (`POST /tasks/:id/rework`, a multipart form: it takes new files). The draft's letter and the
 * return's reason are shown above the form by the task page.
 */
import type { Request } from 'express';
import type { UseCaseContext } from '../../../engine/context.js';
import type { Problem } from '../../../engine/errors.js';
import {
  type LetterOfTask,
  reworkDraft,
  type ReworkDraftProps,
} from '../../../engine/records/draftRevision.js';
import { CORRESPONDENT_KINDS, type CorrespondentKind } from '../../../engine/store/recordPorts.js';
import type { Translate } from '../../i18n/translate.js';
import { storeUploads } from '../documents/storeUploads.js';
import { field, fieldList, type FormFields } from '../formBody.js';

/** The rework form's action; a pattern, for the multipart parser (web/pages/pageUploads.ts). */
export const REWORK_PATH = /^\/tasks\/[0-9a-fA-F-]{36}\/rework$/;

export interface ReworkInput {
  subject: string;
  body: string;
  addresseeName: string;
  addresseeKind: CorrespondentKind;
  removeAttachmentIds: string[];
  comment: string;
}

export function readReworkInput(fields: FormFields): ReworkInput {
  const kind = field(fields, 'addresseeKind');
  return {
    subject: field(fields, 'subject'),
    body: field(fields, 'body'),
    addresseeName: field(fields, 'addresseeName'),
    addresseeKind: (CORRESPONDENT_KINDS as readonly string[]).includes(kind)
      ? (kind as CorrespondentKind)
      : 'person',
    removeAttachmentIds: fieldList(fields, 'removeAttachment'),
    comment: field(fields, 'comment'),
  };
}

/** The form as it opens: the draft as it stands. */
export const reworkInputOf = (letter: LetterOfTask): ReworkInput => ({
  subject: letter.subject,
  body: letter.body ?? '',
  addresseeName: letter.addressee?.name ?? '',
  addresseeKind: letter.addressee?.kind ?? 'person',
  removeAttachmentIds: [],
  comment: '',
});

export function presentReworkForm(letter: LetterOfTask, input: ReworkInput, maxUploadBytes: number) {
  return {
    ...input,
    addresseeKinds: CORRESPONDENT_KINDS.map((code) => ({ code, checked: code === input.addresseeKind })),
    files: letter.attachments.map((a) => ({
      id: a.id,
      fileName: a.fileName,
      href: `/documents/${letter.documentId}/attachments/${a.id}`,
      remove: input.removeAttachmentIds.includes(a.id),
    })),
    maxMegabytes: Math.round(maxUploadBytes / 1024 / 1024),
  };
}

/** The addressee as the form says it: unchanged, a new card, or none (refused by the use case). */
function addresseeChange(
  letter: LetterOfTask,
  input: ReworkInput,
): Pick<ReworkDraftProps, 'correspondentId' | 'correspondent'> {
  const name = input.addresseeName.trim();
  if (name === '') return { correspondentId: null };
  if (letter.addressee && letter.addressee.name === name && letter.addressee.kind === input.addresseeKind) {
    return {};
  }
  return { correspondent: { kind: input.addresseeKind, name } };
}

/**
 * Stores the new files and completes the rework with the changes; returns the problems of a
 * refused form (nothing is changed then), or null when the draft went for another review.
 */
export async function submitRework(
  ctx: UseCaseContext,
  req: Request,
  props: { taskId: string; letter: LetterOfTask; input: ReworkInput; maxUploadBytes: number; t: Translate },
): Promise<Problem[] | null> {
  const { input, t } = props;
  const { prepared, problems } = await storeUploads(ctx, req, { maxBytes: props.maxUploadBytes, t });
  if (problems.length > 0) return problems;
  await reworkDraft(ctx, {
    taskId: props.taskId,
    subject: input.subject,
    body: input.body,
    ...addresseeChange(props.letter, input),
    removeAttachmentIds: input.removeAttachmentIds,
    attachments: prepared,
    comment: input.comment,
  });
  return null;
}
