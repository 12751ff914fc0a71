/**
 * The statuses the shipped processes give documents (see processes/*.bpmn, setDocumentStatus), in
 * the order of a document's life. `draft` and `in_approval` belong to outgoing letters before they
 * are signed and numbered: filtering by them lists drafts (see searchDocuments).
 */
export const DOCUMENT_STATUSES = [
  'draft',
  'in_approval',
  'registered',
  'in_progress',
  'for_information',
  'filed',
  'dispatched',
  'answered',
  'closed',
  'cancelled',
] as const;
