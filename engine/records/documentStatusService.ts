/**
 * The `setDocumentStatus` service of process diagrams: sets the status of the document the
 * instance's business key names, audited, in the step's transaction. Given to the workflow runtime
 * by the composition root (engine/composition.ts).
 */
import { auditActor } from '../context.js';
import { Invalid, NotFound } from '../errors.js';
import { type BuiltInService, textInput } from '../workflow/services/builtInServices.js';

export const setDocumentStatus: BuiltInService = async (inputs, { ctx, tx, instance, record }) => {
  const status = textInput(inputs, 'status', 'setDocumentStatus');
  const documentId = instance.businessKey;
  if (!documentId)
    throw new Invalid(
      'setDocumentStatus needs an instance whose business key is a document id',
      [],
      'incident.statusNeedsDocument',
    );
  const document = await tx.documents.get(documentId);
  if (!document)
    throw new NotFound(`document ${documentId} not found`, 'incident.documentNotFound', { id: documentId });
  const updated = await tx.documents.setStatus(document.id, document.version, status);
  await tx.audit.append({
    ...auditActor(ctx.actor),
    occurredAt: ctx.clock.now(),
    action: 'document.status_set',
    objectType: 'document',
    objectId: document.id,
    details: { from: document.status, to: status, processInstanceId: instance.id },
  });
  record('service.called', { service: 'setDocumentStatus', from: document.status, to: status });
  return { documentStatus: updated.status };
};
