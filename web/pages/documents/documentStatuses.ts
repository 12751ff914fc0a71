/** The statuses the shipped processes give documents (see processes/*.bpmn, setDocumentStatus). */
export const DOCUMENT_STATUSES = [
  'registered',
  'in_progress',
  'for_information',
  'filed',
  'closed',
  'cancelled',
] as const;
