/**
 * A BPMN fuzzer: the shipped processes and the MIWG reference models, mutated the ways broken or
 * hostile files are broken — elements dropped, duplicated or retyped, ids and references renamed or
 * pointed elsewhere, loops from a task to itself or back to the start, odd ids (leading digits,
 * unicode, very long), the definitions id removed, a DOCTYPE injected — then deployed and, when
 * deployed, started, and the first open task completed. The only acceptable outcomes are success,
 * `Invalid` and `Conflict` with a readable message: never another exception, never a hang (the step
 * budget stops loops). The seed is printed; replay a failure with `FC_SEED=<seed>` (and
 * `FC_PATH=<path>` to run just the failing case), more runs with `FC_RUNS=<n>`; `FC_VERBOSE=1` prints
 * why completions were refused, `FC_DUMP=<file>` writes the (last) mutated model there.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { actorFromUser, type UseCaseContext } from '../../../engine/context.js';
import { Conflict, Forbidden, Invalid } from '../../../engine/errors.js';
import { ROLES } from '../../../engine/store/ports.js';
import { deployProcess } from '../../../engine/workflow/deployment/deployProcess.js';
import { validateProcess } from '../../../engine/workflow/deployment/validateProcess.js';
import { configureStepBudget, DEFAULT_STEP_BUDGET } from '../../../engine/workflow/runtime/engineSession.js';
import { completeTask } from '../../../engine/workflow/runtime/completeTask.js';
import { startProcess } from '../../../engine/workflow/runtime/startProcess.js';
import { aRegister, aUser } from '../../support/builders.js';
import { describeEachStore } from '../../support/testStores.js';
import { anActor, contextFor, deployForTest, TestClock } from '../../support/workflow.js';
import { testSeed } from '../../support/testSeed.js';
import { processXml } from './bpmnSamples.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bpmnFiles = (folder: string) =>
  readdirSync(path.join(ROOT, folder))
    .filter((name) => name.endsWith('.bpmn'))
    .sort()
    .map((name) => ({ name: `${folder}/${name}`, xml: readFileSync(path.join(ROOT, folder, name), 'utf8') }));

const MODELS = [...bpmnFiles('processes'), ...bpmnFiles('test/fixtures/bpmn/miwg-reference')];
const SHIPPED = bpmnFiles('processes').length;

// Printed in the test's name, so `random` picks one here rather than leaving it to fast-check.
const seed = testSeed('FC_SEED') ?? Date.now() ^ (Math.random() * 0x7fffffff);
const numRuns = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : 80;
const replayPath = process.env.FC_PATH;

// ---------------------------------------------------------------------------------------------
// The XML, seen as the fuzzer needs it: elements with an id, and the attributes that refer to ids.

interface Tag {
  /** Offset of `<` and just past the element's end (its closing tag, or `/>`). */
  start: number;
  end: number;
  name: string;
  id: string;
}

const TAG_WITH_ID = /<((?:[\w-]+:)?[\w-]+)\b[^<>]*?\sid="([^"]*)"[^<>]*?(\/?)>/g;
const REFERENCE =
  /\s(sourceRef|targetRef|attachedToRef|messageRef|default|processRef|calledElement)="([^"]*)"/g;

/** The diagram interchange part (shapes and edges) changes nothing that runs: it is left alone. */
const diagramStart = (xml: string) => {
  const at = xml.search(/<(?:[\w-]+:)?BPMNDiagram\b/);
  return at === -1 ? xml.length : at;
};

function tagsOf(xml: string): Tag[] {
  const tags: Tag[] = [];
  const semanticEnd = diagramStart(xml);
  for (const match of xml.matchAll(TAG_WITH_ID)) {
    const start = match.index;
    if (start >= semanticEnd) break;
    const [whole, name = '', id = '', selfClosing] = match;
    let end = start + whole.length;
    if (!selfClosing) {
      const close = xml.indexOf(`</${name}>`, end);
      end = close === -1 ? end : close + name.length + 3;
    }
    tags.push({ start, end, name, id });
  }
  return tags;
}

const localName = (tag: string) => tag.split(':').pop() ?? tag;
const prefixOf = (tag: string) => (tag.includes(':') ? `${tag.split(':')[0]}:` : '');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pick = <T>(items: readonly T[], index: number): T | undefined =>
  items.length === 0 ? undefined : items[index % items.length];

const ODD_IDS = [
  '1st_task',
  '007',
  'ūdens_ж_任务',
  'a b',
  'x'.repeat(5000),
  'id-with-"quote',
  '',
  'a&amp;b',
  'Process_1',
  'definitions',
];

const FLOW_NODES =
  /^(task|userTask|serviceTask|scriptTask|manualTask|sendTask|receiveTask|subProcess|callActivity)$/;
const RETYPES = [
  'task',
  'userTask',
  'scriptTask',
  'callActivity',
  'exclusiveGateway',
  'parallelGateway',
  'inclusiveGateway',
  'eventBasedGateway',
  'startEvent',
  'endEvent',
  'intermediateThrowEvent',
  'boundaryEvent',
  'sequenceFlow',
  'message',
  'process',
];

type Mutation =
  | { kind: 'drop'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'retype'; at: number; to: number }
  | { kind: 'renameId'; at: number; odd: number; references: boolean }
  | { kind: 'repointReference'; at: number; to: number; dangling: boolean }
  | { kind: 'dropReference'; at: number }
  | { kind: 'loop'; at: number; toStart: boolean; withCondition: boolean }
  | { kind: 'dropDefinitionsId' }
  | { kind: 'doctype'; variant: number }
  | { kind: 'executable'; value: boolean }
  | { kind: 'dropAttribute'; name: number };

const ATTRIBUTES = [
  'isExecutable',
  'camunda:assignee',
  'camunda:candidateGroups',
  'name',
  'id',
  'camunda:topic',
];

const DOCTYPES = [
  '<!DOCTYPE definitions [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
  '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
  '<!DOCTYPE definitions SYSTEM "http://127.0.0.1:9/evil.dtd">',
];

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('loop' as const),
      at: fc.nat(),
      toStart: fc.boolean(),
      withCondition: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('renameId' as const),
      at: fc.nat(),
      odd: fc.nat(),
      references: fc.constant(true),
    }),
  },
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('retype' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({
    kind: fc.constant('renameId' as const),
    at: fc.nat(),
    odd: fc.nat(),
    references: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('repointReference' as const),
    at: fc.nat(),
    to: fc.nat(),
    dangling: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('dropReference' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('loop' as const),
    at: fc.nat(),
    toStart: fc.boolean(),
    withCondition: fc.boolean(),
  }),
  fc.constant({ kind: 'dropDefinitionsId' as const }),
  fc.record({ kind: fc.constant('doctype' as const), variant: fc.nat() }),
  fc.record({ kind: fc.constant('executable' as const), value: fc.boolean() }),
  fc.record({ kind: fc.constant('dropAttribute' as const), name: fc.nat() }),
);

/** Inserts `fragment` just before the first process's end. */
function intoProcess(xml: string, fragment: string): string {
  const close = /<\/((?:[\w-]+:)?)process>/.exec(xml);
  if (!close) return xml;
  const prefix = close[1] ?? '';
  return `${xml.slice(0, close.index)}${fragment.replaceAll('<P:', `<${prefix}`).replaceAll('</P:', `</${prefix}`)}${xml.slice(close.index)}`;
}

function mutate(xml: string, mutation: Mutation): string {
  const tags = tagsOf(xml);
  switch (mutation.kind) {
    case 'drop': {
      const tag = pick(tags, mutation.at);
      return tag ? xml.slice(0, tag.start) + xml.slice(tag.end) : xml;
    }
    case 'duplicate': {
      const tag = pick(tags, mutation.at);
      return tag ? xml.slice(0, tag.end) + xml.slice(tag.start, tag.end) + xml.slice(tag.end) : xml;
    }
    case 'retype': {
      const tag = pick(tags, mutation.at);
      const to = pick(RETYPES, mutation.to) ?? 'task';
      if (!tag) return xml;
      const renamed = `${prefixOf(tag.name)}${to}`;
      const element = xml
        .slice(tag.start, tag.end)
        .replace(`<${tag.name}`, `<${renamed}`)
        .replace(new RegExp(`</${escapeRegExp(tag.name)}>$`), `</${renamed}>`);
      return xml.slice(0, tag.start) + element + xml.slice(tag.end);
    }
    case 'renameId': {
      const tag = pick(tags, mutation.at);
      const odd = pick(ODD_IDS, mutation.odd) ?? '1';
      if (!tag) return xml;
      const newId = odd.replaceAll('"', '&quot;');
      if (!mutation.references) {
        return (
          xml.slice(0, tag.start) +
          xml.slice(tag.start, tag.end).replace(`id="${tag.id}"`, `id="${newId}"`) +
          xml.slice(tag.end)
        );
      }
      return xml
        .replace(new RegExp(`="${escapeRegExp(tag.id)}"`, 'g'), `="${newId}"`)
        .replace(new RegExp(`>${escapeRegExp(tag.id)}<`, 'g'), `>${newId}<`);
    }
    case 'repointReference':
    case 'dropReference': {
      const references = [...xml.matchAll(REFERENCE)].filter((match) => match.index < diagramStart(xml));
      const reference = pick(references, mutation.at);
      if (!reference) return xml;
      const [whole, name] = reference;
      const replacement =
        mutation.kind === 'dropReference'
          ? ''
          : ` ${name}="${mutation.dangling ? 'nowhere_at_all' : (pick(tags, mutation.to)?.id ?? 'x')}"`;
      return xml.slice(0, reference.index) + replacement + xml.slice(reference.index + whole.length);
    }
    case 'loop': {
      const nodes = tags.filter((tag) => FLOW_NODES.test(localName(tag.name)));
      const node = pick(nodes, mutation.at);
      if (!node) return xml;
      const start = tags.find((tag) => localName(tag.name) === 'startEvent');
      const target = mutation.toStart && start ? start.id : node.id;
      const condition = mutation.withCondition ? '<P:conditionExpression>=true</P:conditionExpression>' : '';
      return intoProcess(
        xml,
        `<P:sequenceFlow id="fuzz_loop_${node.id.length}" sourceRef="${node.id}" targetRef="${target}">${condition}</P:sequenceFlow>`,
      );
    }
    case 'dropDefinitionsId':
      return xml.replace(/(<(?:[\w-]+:)?definitions\b[^>]*?)\sid="[^"]*"/, '$1');
    case 'doctype': {
      const doctype = pick(DOCTYPES, mutation.variant) ?? '';
      const declaration = /^<\?xml[^>]*\?>/.exec(xml.trim());
      const body = xml.trim();
      return declaration
        ? `${declaration[0]}\n${doctype}${body.slice(declaration[0].length)}`
        : `${doctype}\n${body}`;
    }
    case 'executable':
      return xml.replace(
        /(<(?:[\w-]+:)?process\b)([^>]*?)(\s*\/?>)/,
        (_, open: string, attributes: string, close: string) =>
          `${open}${attributes.replace(/\sisExecutable="[^"]*"/, '')} isExecutable="${mutation.value}"${close}`,
      );
    case 'dropAttribute': {
      const name = pick(ATTRIBUTES, mutation.name) ?? 'name';
      const attributes = [...xml.matchAll(new RegExp(`\\s${escapeRegExp(name)}="[^"]*"`, 'g'))];
      const attribute = pick(attributes, mutation.name);
      return attribute
        ? xml.slice(0, attribute.index) + xml.slice(attribute.index + attribute[0].length)
        : xml;
    }
  }
}

// ---------------------------------------------------------------------------------------------

/** What a domain error's message must never look like: engine internals leaking through. */
const INTERNALS =
  /Cannot read propert|is not a function|is not iterable|of undefined|of null|Maximum call stack|Unknown activity type|\bundefined\b/;

type Outcome = 'deployed' | 'refused' | 'started' | 'start refused' | 'completed' | 'completion refused';

function acceptable(error: unknown, doing: string): void {
  if (!(error instanceof Invalid) && !(error instanceof Conflict)) {
    const shown = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error);
    throw new Error(`${doing} threw something other than Invalid or Conflict: ${shown}`);
  }
  const texts = [error.message, ...(error instanceof Invalid ? error.problems.map((p) => p.message) : [])];
  for (const text of texts) {
    expect(text.trim()).not.toBe('');
    if (INTERNALS.test(text)) throw new Error(`${doing}: an unreadable message: ${text}`);
  }
}

async function withinTime<T>(work: Promise<T>, doing: string, ms = 30_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${doing} did not finish within ${ms} ms (a hang)`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describeEachStore('the BPMN fuzzer', (subject) => {
  const clock = new TestClock();
  let designer: UseCaseContext;
  /** A real document as business key, so that the shipped processes' services find it. */
  let documentId: string;
  const outcomes = new Map<Outcome, number>();
  const count = (outcome: Outcome) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);

  beforeAll(async () => {
    const register = await aRegister(subject.store);
    const registrar = await aUser(subject.store, { roles: ['registrar'] });
    documentId = (
      await subject.store.documents.insert({
        registerId: register.id,
        year: 2026,
        sequence: 1,
        registrationNumber: `${register.code}/1`,
        registeredOn: '2026-03-02',
        subject: 'Fuzzed routing',
        createdBy: registrar.id,
      })
    ).id;
    designer = contextFor(
      subject.store,
      actorFromUser(await aUser(subject.store, { roles: ['designer'] })),
      clock,
    );
    // A smaller budget than the default: loops are stopped sooner, the fuzzer stays quick.
    configureStepBudget({ activities: 120 });
  });
  afterAll(() => {
    configureStepBudget(DEFAULT_STEP_BUDGET);
    // eslint-disable-next-line no-console -- the spread of outcomes shows what the fuzzer reached
    console.log(
      `BPMN fuzzer on ${subject.adapter}: seed ${seed}, ${numRuns} runs, ${JSON.stringify(Object.fromEntries(outcomes))}`,
    );
  });

  async function deployAndRun(model: { name: string; xml: string }, mutations: Mutation[]): Promise<void> {
    let xml = model.xml;
    for (const mutation of mutations) xml = mutate(xml, mutation);
    if (process.env.FC_DUMP) writeFileSync(process.env.FC_DUMP, xml);
    const doing = `${model.name} with ${JSON.stringify(mutations).slice(0, 500)}`;
    let key: string;
    try {
      key = (await withinTime(deployProcess(designer, { xml }), `deploying ${doing}`)).key;
      count('deployed');
    } catch (error) {
      acceptable(error, `deploying ${doing}`);
      count('refused');
      return;
    }
    const starter = contextFor(subject.store, anActor('fuzz_starter', ['registrar', 'head']), clock);
    let tasks;
    try {
      tasks = (await withinTime(startProcess(starter, { key, businessKey: documentId }), `starting ${doing}`))
        .tasks;
      count('started');
    } catch (error) {
      acceptable(error, `starting ${doing}`);
      count('start refused');
      return;
    }
    const [task] = tasks;
    if (!task) return;
    // Whoever the task is for: its assignee, first candidate user, or someone holding every role.
    const username = task.assignee ?? task.candidateUsers[0] ?? 'fuzz_worker';
    const worker = contextFor(subject.store, anActor(username, [...ROLES]), clock);
    try {
      await withinTime(
        completeTask(worker, { taskId: task.id, output: { approved: true, decision: 'for_information' } }),
        `completing ${doing}`,
      );
      count('completed');
    } catch (error) {
      // A task offered to a department the stand-in worker is not in is not theirs: Forbidden is fine.
      if (error instanceof Forbidden) return;
      acceptable(error, `completing the first task of ${doing}`);
      count('completion refused');
      if (process.env.FC_VERBOSE) console.log((error as Error).message); // eslint-disable-line no-console
    }
  }

  it(`deploys, starts and completes mutated models without a crash or a hang (seed ${seed})`, async () => {
    await fc.assert(
      fc.asyncProperty(
        // Most runs on the shipped processes (they deploy and run as they are), the rest on MIWG.
        fc.oneof(
          { weight: 2, arbitrary: fc.nat({ max: SHIPPED - 1 }) },
          { weight: 1, arbitrary: fc.integer({ min: SHIPPED, max: MODELS.length - 1 }) },
        ),
        fc.array(mutationArb, { minLength: 1, maxLength: 2 }),
        fc.boolean(),
        async (modelIndex, mutations, makeExecutable) => {
          const model = MODELS[modelIndex];
          if (!model) return;
          // Most MIWG models are drawn, not executable: make the first process executable often, so
          // that the fuzzer reaches the runtime and not only the "no executable process" refusal.
          const prepared = makeExecutable
            ? [{ kind: 'executable', value: true } as const, ...mutations]
            : mutations;
          await deployAndRun(model, prepared);
        },
      ),
      {
        numRuns,
        seed,
        ...(replayPath ? { path: replayPath } : {}),
        endOnFailure: true,
      },
    );
  });
});

/** What the fuzzer found, kept as plain examples. */
describe('cases the fuzzer found', () => {
  it('names an empty reference readably (the XML reader calls it "undefined")', async () => {
    const { problems } = await validateProcess(
      processXml(`
    <startEvent id="Start_1" />
    <sequenceFlow id="Flow_1" sourceRef="Start_1" targetRef="End_1" />
    <endEvent id="End_1"><incoming>Flow_1</incoming><incoming></incoming></endEvent>`),
    );

    const messages = problems.map((problem) => problem.message);
    expect(messages).toContain('Has an empty reference: name the element it refers to.');
    expect(messages.join('\n')).not.toMatch(INTERNALS);
  });

  it('names an element without an id (id="") instead of calling it "undefined"', async () => {
    const { problems } = await validateProcess(
      processXml(`
    <startEvent id="Start_1" />
    <sequenceFlow id="Flow_1" sourceRef="Start_1" targetRef="Decide" />
    <exclusiveGateway id="Decide" />
    <sequenceFlow id="" sourceRef="Decide" targetRef="End_1" />
    <endEvent id="End_1" />`),
    );

    const messages = problems.map((problem) => problem.message);
    expect(messages).toContain('A sequence flow has no id: give every element one.');
    expect(messages.join('\n')).not.toMatch(INTERNALS);
  });
});

describeEachStore('cases the fuzzer found at run time', (subject) => {
  it('raises an incident, not an unhandled rejection, when the activity after a service task fails', async () => {
    // The shipped order process, its order form completed without `departments`: the service task
    // after it succeeds, the multi-instance task after that cannot evaluate its collection.
    const clock = new TestClock();
    const order = MODELS.find((model) => model.name === 'processes/order.bpmn');
    const definition = await deployForTest(subject.store, order?.xml ?? '', 'order', clock);
    const register = await aRegister(subject.store);
    const registrar = await aUser(subject.store, { roles: ['registrar'] });
    const document = await subject.store.documents.insert({
      registerId: register.id,
      year: 2026,
      sequence: 1,
      registrationNumber: `${register.code}/1`,
      registeredOn: '2026-03-02',
      subject: 'Rīkojums',
      createdBy: registrar.id,
    });
    const started = await startProcess(contextFor(subject.store, actorFromUser(registrar), clock), {
      key: definition.key,
      businessKey: document.id,
    });

    const completing = completeTask(contextFor(subject.store, anActor('heidi', ['head']), clock), {
      taskId: started.tasks[0]?.id ?? '',
      output: { approved: true },
    });

    await expect(completing).rejects.toThrow(/the process failed at \w+: Expression .* cannot be evaluated/);
    await expect(completing).rejects.toBeInstanceOf(Conflict);
    expect((await subject.store.processInstances.get(started.instanceId))?.status).toBe('failed');
  });
});
