/** Kinds of documents a registry records; the register's kind decides direction, this the type. */
export const DOCUMENT_KINDS = [
  'letter',
  'application',
  'complaint',
  'request',
  'order',
  'decision',
  'contract',
  'invoice',
  'report',
  'memo',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
