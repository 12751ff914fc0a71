/** A registration's answer, as `POST /api/documents` and the intake's register route give it. */
import type { RegisteredDocument } from '../../../engine/records/registerDocument.js';

export const presentRegistered = (registered: RegisteredDocument) => ({
  id: registered.document.id,
  registrationNumber: registered.document.registrationNumber,
  registeredOn: registered.document.registeredOn,
  dueDate: registered.document.dueDate,
  processInstanceId: registered.processInstanceId,
  attachments: registered.attachments.map(({ id, fileName, contentType, size, sha256 }) => ({
    id,
    fileName,
    contentType,
    size,
    sha256,
  })),
});
