/**
 * The composition root of the engine: gives the workflow runtime what it must not import — the
 * records' rules about business keys (a document, who may see and route it), the step listeners
 * that react to tasks (routed access, then task notifications: in that order, inside the step's
 * transaction), the built-in services that work on documents or tell people, and the messages only
 * the system sends. Called once per process before any step runs (web/server.ts, web/app.ts, the
 * test setup); calling it again changes nothing.
 */
import { notifyServiceTask } from './notifications/notifyServiceTask.js';
import { notifyOnStepEvent } from './notifications/notifyTaskEvents.js';
import { DEADLINE_EXTENDED_MESSAGE } from './records/applicationDeadline.js';
import { setDocumentStatus } from './records/documentStatusService.js';
import { VIEWER_ROLES, viewerOf, requireMayRoute } from './policies/document.js';
import { grantRoutedAccessOnStep } from './records/routedAccess.js';
import { requireTaskDocumentVisible } from './policies/task.js';
import { useBusinessKeyRules } from './workflow/runtime/businessKeyRules.js';
import { reserveSystemMessages } from './workflow/runtime/receiveMessage.js';
import { addStepListener } from './workflow/runtime/stepEvents.js';
import { provideService } from './workflow/services/builtInServices.js';

let composed = false;

export function composeEngine(): void {
  if (composed) return;
  composed = true;
  useBusinessKeyRules({
    requireMayRoute,
    requireTaskVisible: requireTaskDocumentVisible,
    viewerOf,
    viewerRoles: VIEWER_ROLES,
  });
  addStepListener(grantRoutedAccessOnStep);
  addStepListener(notifyOnStepEvent);
  provideService('setDocumentStatus', setDocumentStatus);
  provideService('notify', notifyServiceTask);
  reserveSystemMessages(DEADLINE_EXTENDED_MESSAGE);
}
