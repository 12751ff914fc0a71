import { NotFound } from '../../errors.js';
import type { Repositories } from '../../store/ports.js';
import type { TaskRecord } from '../../store/workflowPorts.js';

export async function loadTask(repos: Pick<Repositories, 'tasks'>, taskId: string): Promise<TaskRecord> {
  const task = await repos.tasks.get(taskId);
  if (!task) throw new NotFound(`task ${taskId} not found`);
  return task;
}
