/** A document with a resolution task a head holds: what a guest is invited to (issue 18). */
import type { UseCaseContext } from '../../engine/context.js';
import { registerDocument } from '../../engine/records/registerDocument.js';
import type { Store } from '../../engine/store/ports.js';
import type { TaskRecord } from '../../engine/store/workflowPorts.js';
import { claimTask } from '../../engine/workflow/runtime/claimTask.js';
import { aRecordsWorld, type RecordsWorld } from '../records/recordsWorld.js';

export interface GuestWorld extends RecordsWorld {
  documentId: string;
  task: TaskRecord;
  /** The head's context, with a public address for mail links. */
  headCtx: UseCaseContext;
}

export const PUBLIC_URL = 'https://dokumenti.novads.lv/kanceleja';

/** A registered letter whose resolution task the head has taken. */
export async function aGuestWorld(store: Store, subject = 'Par ceļa remontu'): Promise<GuestWorld> {
  const world = await aRecordsWorld(store, '2026-03-02T08:00:00.000Z');
  const { document, processInstanceId } = await registerDocument(world.ctx(world.registrar), {
    registerId: world.incoming.id,
    subject,
  });
  const [offered] = await store.tasks.listByInstance(processInstanceId ?? '', { status: 'open' });
  if (!offered) throw new Error('no resolution task');
  const task = await claimTask(world.ctx(world.head), { taskId: offered.id });
  const headCtx = {
    ...world.ctx(world.head),
    settings: { timeZone: 'Europe/Riga', holidayCountry: 'LV' as const, publicUrl: PUBLIC_URL },
  };
  return { ...world, documentId: document.id, task, headCtx };
}
