/** The "new document" form: its fields as typed, and the use case's props made from them. */
import type { RegisterDocumentProps } from '../../../engine/records/registerDocument.js';
import { CORRESPONDENT_KINDS, type CorrespondentKind } from '../../../engine/store/recordPorts.js';
import { field, fieldList, type FormFields } from '../formBody.js';

export interface NewDocumentInput {
  registerId: string;
  subject: string;
  documentKind: string;
  correspondentQuery: string;
  correspondentId: string;
  correspondentKind: string;
  correspondentName: string;
  theirNumber: string;
  theirDate: string;
  channel: string;
  pages: string;
  confidentiality: string;
  readerIds: string[];
  dueDate: string;
  dueDateReason: string;
}

export function readNewDocumentInput(fields: FormFields): NewDocumentInput {
  return {
    registerId: field(fields, 'registerId'),
    subject: field(fields, 'subject'),
    documentKind: field(fields, 'documentKind'),
    correspondentQuery: field(fields, 'correspondentQuery'),
    correspondentId: field(fields, 'correspondentId'),
    correspondentKind: field(fields, 'correspondentKind') || 'person',
    correspondentName: field(fields, 'correspondentName'),
    theirNumber: field(fields, 'theirNumber'),
    theirDate: field(fields, 'theirDate'),
    channel: field(fields, 'channel'),
    pages: field(fields, 'pages'),
    confidentiality: field(fields, 'confidentiality') || 'internal',
    readerIds: fieldList(fields, 'readerIds'),
    dueDate: field(fields, 'dueDate'),
    dueDateReason: field(fields, 'dueDateReason'),
  };
}

const orNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** Empty fields are "not given"; the use case validates everything else. */
export function registerDocumentProps(input: NewDocumentInput): Omit<RegisterDocumentProps, 'attachments'> {
  const kind = (CORRESPONDENT_KINDS as readonly string[]).includes(input.correspondentKind)
    ? (input.correspondentKind as CorrespondentKind)
    : 'person';
  // A card picked from the look-up wins; a typed name makes a new card.
  const correspondent =
    input.correspondentId === '' && input.correspondentName.trim() !== ''
      ? { kind, name: input.correspondentName }
      : null;
  return {
    registerId: input.registerId,
    subject: input.subject,
    ...(input.documentKind ? { documentKind: input.documentKind } : {}),
    correspondentId: orNull(input.correspondentId),
    correspondent,
    theirNumber: orNull(input.theirNumber),
    theirDate: orNull(input.theirDate),
    channel: orNull(input.channel),
    pages: input.pages.trim() === '' ? null : Number(input.pages),
    confidentiality: input.confidentiality,
    readerIds: input.readerIds,
    dueDate: orNull(input.dueDate),
    dueDateReason: orNull(input.dueDateReason),
  };
}
