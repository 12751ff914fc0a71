/**
 * A municipality's records for the report queries, written straight through the repositories:
 * two departments, people (one with a Kazakh name), an incoming register with Latvian and Cyrillic
 * letters, resolutions and execution tasks (open, overdue, completed on time and late), and one
 * restricted letter that only its named reader may see. Codes are unique so several worlds share a store.
 */
import { createHash, randomUUID } from 'node:crypto';
import { actorFromUser, type Actor } from '../../engine/context.js';
import type { DocumentRecord, Register, Repositories, Role, User } from '../../engine/store/ports.js';
import { uniqueCode } from '../support/builders.js';

export interface ReportWorld {
  register: Register;
  orders: Register;
  departments: { building: string; social: string; registry: string };
  buildingName: string;
  socialName: string;
  people: Record<'registrar' | 'head' | 'depthead' | 'executor' | 'kazakh' | 'outsider' | 'admin', User>;
  actor(person: keyof ReportWorld['people']): Actor;
  documents: DocumentRecord[];
  restricted: DocumentRecord;
  order: DocumentRecord;
}

const at = (isoDate: string, time = '09:00'): Date => new Date(`${isoDate}T${time}:00.000Z`);

export async function aReportWorld(repos: Repositories): Promise<ReportWorld> {
  const suffix = randomUUID().slice(0, 6);
  const buildingName = `Būvvalde ${suffix}`;
  const socialName = `Sociālais dienests ${suffix}`;
  const registry = await repos.departments.insert({ code: uniqueCode('KANC'), name: `Kanceleja ${suffix}` });
  const building = await repos.departments.insert({ code: uniqueCode('BUV'), name: buildingName });
  const social = await repos.departments.insert({ code: uniqueCode('SOC'), name: socialName });
  const person = (displayName: string, roles: Role[], departmentId: string) =>
    repos.users.insert({
      username: uniqueCode(roles[0] ?? 'user'),
      displayName,
      roles,
      departmentId,
      source: 'local',
    });
  const people = {
    registrar: await person('Anna Bērziņa', ['registrar'], registry.id),
    head: await person('Mārtiņš Liepa', ['head'], registry.id),
    depthead: await person('Ilze Grīnberga', ['dept_head'], building.id),
    executor: await person('Jānis Ozoliņš', ['executor'], building.id),
    kazakh: await person('Қайрат Өмірұлы', ['executor'], social.id),
    outsider: await person('Pēteris Outsiders', ['executor'], social.id),
    admin: await person('Administrators', ['admin'], registry.id),
  };
  const register = await repos.registers.insert({
    code: uniqueCode('IEN'),
    name: 'Ienākošie dokumenti',
    kind: 'incoming',
    numberPattern: '3-12/{yyyy}/{seq}',
    departmentId: registry.id,
  });
  const orders = await repos.registers.insert({
    code: uniqueCode('RIK'),
    name: 'Rīkojumi',
    kind: 'order',
    numberPattern: 'ADM/{seq}',
    departmentId: registry.id,
  });
  const xml = `<definitions id="${randomUUID()}" />`;
  const definition = await repos.processDefinitions.insert({
    key: `reports-${suffix}`,
    name: null,
    hash: createHash('sha256').update(xml).digest('hex'),
    xml,
    deployedBy: null,
  });
  const correspondent = await repos.correspondents.insert({
    kind: 'organisation',
    name: 'SIA "Ķekavas nami"',
  });
  const cyrillic = await repos.correspondents.insert({ kind: 'person', name: 'Ёлкина Өмір Қасымқызы' });

  let sequence = 0;
  const documents: DocumentRecord[] = [];
  async function aLetter(props: {
    registeredOn: string;
    subject: string;
    correspondentId?: string;
    dueDate?: string;
    status?: string;
    confidentiality?: 'public' | 'restricted';
    registerId?: string;
  }): Promise<DocumentRecord> {
    sequence += 1;
    const document = await repos.documents.insert({
      registerId: props.registerId ?? register.id,
      year: 2026,
      sequence,
      registrationNumber: `3-12/2026/${sequence}`,
      registeredOn: props.registeredOn,
      subject: props.subject,
      status: props.status ?? 'in_progress',
      confidentiality: props.confidentiality ?? 'public',
      dueDate: props.dueDate ?? null,
      correspondentId: props.correspondentId ?? null,
      createdBy: people.registrar.id,
    });
    documents.push(document);
    return document;
  }
  async function route(
    document: DocumentRecord,
    executor: User,
    task: { created: string; due: string; completed?: string },
    variables: Record<string, string | string[]> | null = null,
  ) {
    const isOrder = variables !== null;
    const instance = await repos.processInstances.insert({
      id: randomUUID(),
      definitionId: definition.id,
      processKey: definition.key,
      definitionVersion: 1,
      businessKey: document.id,
      status: task.completed ? 'completed' : 'running',
      state: {},
      variables: variables ?? {
        decision: 'execute',
        text: 'Izskatīt un sagatavot atbildi',
        executors: [executor.username],
      },
      startedBy: null,
      startedAt: at(document.registeredOn, '08:00'),
      endedAt: task.completed ? at(task.completed, '12:00') : null,
    });
    const resolution = await repos.tasks.insert({
      instanceId: instance.id,
      processKey: definition.key,
      businessKey: document.id,
      elementId: 'Resolution',
      executionId: randomUUID(),
      name: isOrder ? 'Rīkojuma izdošana' : 'Rezolūcija',
      assignee: null,
      candidateGroups: ['head'],
      candidateUsers: [],
      dueAt: null,
      priority: null,
      formKey: isOrder ? 'order' : 'resolution',
      loopItem: null,
      createdAt: at(document.registeredOn, '08:00'),
    });
    await repos.tasks.complete(resolution.id, people.head.username, at(task.created, '08:30'));
    const execution = await repos.tasks.insert({
      instanceId: instance.id,
      processKey: definition.key,
      businessKey: document.id,
      elementId: 'Execution',
      executionId: randomUUID(),
      name: 'Izpilde',
      assignee: executor.username,
      candidateGroups: [],
      candidateUsers: [],
      dueAt: at(task.due, '21:00'),
      priority: 50,
      formKey: 'execution',
      loopItem: null,
      createdAt: at(task.created, '09:00'),
    });
    if (task.completed)
      await repos.tasks.complete(execution.id, executor.username, at(task.completed, '10:00'));
    await repos.documentAccess.grant({
      documentId: document.id,
      userId: executor.id,
      departmentId: null,
      reason: 'routed',
      grantedBy: null,
    });
  }

  const water = await aLetter({
    registeredOn: '2026-03-02',
    subject: 'Par ūdensvada remontu Rīgas ielā 12, Ķekavā',
    correspondentId: correspondent.id,
    dueDate: '2026-03-20',
    status: 'closed',
  });
  await route(water, people.executor, { created: '2026-03-02', due: '2026-03-20', completed: '2026-03-18' });
  const permit = await aLetter({
    registeredOn: '2026-03-03',
    subject: 'Būvatļaujas pagarināšana šķūnim, ģimenes mājai un ņemšanai',
    correspondentId: correspondent.id,
    dueDate: '2026-03-10',
    status: 'closed',
  });
  await route(permit, people.executor, { created: '2026-03-03', due: '2026-03-10', completed: '2026-03-16' });
  const pension = await aLetter({
    registeredOn: '2026-03-05',
    subject: 'Заявление о пособии: ёлка, қала, өмір',
    correspondentId: cyrillic.id,
    dueDate: '2026-03-25',
  });
  await route(pension, people.kazakh, { created: '2026-03-05', due: '2026-03-25' });
  const roof = await aLetter({
    registeredOn: '2026-03-09',
    subject: 'Jumta remonts Līčos — ļoti steidzami',
    dueDate: '2026-04-30',
  });
  await route(roof, people.executor, { created: '2026-03-09', due: '2026-04-30' });
  const restricted = await aLetter({
    registeredOn: '2026-03-10',
    subject: 'Slepena sūdzība par kaimiņu',
    confidentiality: 'restricted',
    dueDate: '2026-03-12',
  });
  await route(restricted, people.executor, { created: '2026-03-10', due: '2026-03-12' });
  const order = await aLetter({
    registerId: orders.id,
    registeredOn: '2026-03-11',
    subject: 'Par darba grupas izveidi ielu apgaismojuma pārbūvei',
  });
  await route(
    order,
    people.depthead,
    { created: '2026-03-11', due: '2026-04-15' },
    {
      text: 'Izveidot darba grupu.\nDarba grupai līdz 30. aprīlim iesniegt priekšlikumus.',
      departments: [],
    },
  );

  return {
    register,
    orders,
    departments: { building: building.id, social: social.id, registry: registry.id },
    buildingName,
    socialName,
    people,
    actor: (name) => actorFromUser(people[name]),
    documents,
    restricted,
    order,
  };
}
