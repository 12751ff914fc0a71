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
  /** The rest of a new card, entered on the spot (each optional). */
  correspondentCode: string;
  correspondentAddress: string;
  correspondentEmail: string;
  correspondentPhone: string;
  correspondentEAddress: string;
  theirNumber: string;
  theirDate: string;
  channel: string;
  pages: string;
  confidentiality: string;
  /** `urgent` when the box is ticked; empty otherwise. */
  priority: string;
  readerIds: string[];
  dueDate: string;
  dueDateReason: string;
  /** The case file to file it into; empty for none. */
  caseFileId: string;
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
    correspondentCode: field(fields, 'correspondentCode'),
    correspondentAddress: field(fields, 'correspondentAddress'),
    correspondentEmail: field(fields, 'correspondentEmail'),
    correspondentPhone: field(fields, 'correspondentPhone'),
    correspondentEAddress: field(fields, 'correspondentEAddress'),
    theirNumber: field(fields, 'theirNumber'),
    theirDate: field(fields, 'theirDate'),
    channel: field(fields, 'channel'),
    pages: field(fields, 'pages'),
    confidentiality: field(fields, 'confidentiality') || 'internal',
    priority: field(fields, 'priority'),
    readerIds: fieldList(fields, 'readerIds'),
    dueDate: field(fields, 'dueDate'),
    dueDateReason: field(fields, 'dueDateReason'),
    caseFileId: field(fields, 'caseFileId'),
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
      ? {
          kind,
          name: input.correspondentName,
          registrationCode: orNull(input.correspondentCode),
          address: orNull(input.correspondentAddress),
          email: orNull(input.correspondentEmail),
          phone: orNull(input.correspondentPhone),
          eAddress: orNull(input.correspondentEAddress),
        }
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
    priority: input.priority || 'normal',
    readerIds: input.readerIds,
    dueDate: orNull(input.dueDate),
    dueDateReason: orNull(input.dueDateReason),
    caseFileId: orNull(input.caseFileId),
  };
}
