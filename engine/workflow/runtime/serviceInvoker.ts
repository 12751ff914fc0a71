import type { UseCaseContext } from '../../context.js';
import type { Repositories } from '../../store/ports.js';
import type { ProcessInstance } from '../../store/workflowPorts.js';
import { callBuiltInService } from '../services/builtInServices.js';
import type { PendingHistory } from './persistStep.js';
import type { ServiceInvoker } from './serviceTasks.js';

/** Binds the built-in services to one step: its context, its transaction, its history. */
export function serviceInvokerFor(
  ctx: UseCaseContext,
  tx: Repositories,
  instance: Pick<ProcessInstance, 'id' | 'processKey' | 'businessKey'>,
  history: PendingHistory[],
): ServiceInvoker {
  return ({ service, elementId, inputs }) =>
    callBuiltInService(service, inputs, {
      ctx,
      tx,
      instance,
      elementId,
      record: (type, details) => history.push({ type, elementId, details }),
    });
}
