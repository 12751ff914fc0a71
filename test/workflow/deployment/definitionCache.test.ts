import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { Engine } from 'bpmn-engine';
import {
  getParsedDefinition,
  hashDefinitionXml,
} from '../../../engine/workflow/deployment/definitionCache.js';
import { bpmnExpressions, camundaModdle } from '../../../engine/workflow/expressions.js';
import { aroundTask } from './bpmnSamples.js';

const xml = aroundTask(
  '<userTask id="Task_1" name="Register letter" camunda:candidateGroups="registrar" camunda:formKey="register" />',
  { key: 'cached_letter' },
);

interface WaitingTask {
  id: string;
  owner: { behaviour: { candidateGroups?: string; formKey?: string } };
}

/** Runs an engine until `Task_1` waits; returns the engine and the task's Camunda attributes. */
async function untilTaskWaits(engine: Engine, run: (listener: EventEmitter) => Promise<unknown>) {
  const listener = new EventEmitter();
  const waiting = new Promise<WaitingTask>((resolve) => listener.once('wait', resolve));
  await run(listener);
  const task = await waiting;
  return { engine, behaviour: task.owner.behaviour };
}

describe('getParsedDefinition', () => {
  it('parses a definition once and hands every caller the same context', async () => {
    const hash = hashDefinitionXml(xml);

    const first = await getParsedDefinition(hash, xml);
    const second = await getParsedDefinition(hash, xml);

    expect(second).toBe(first);
    expect(first.hash).toBe(hash);
    expect(first.sourceContext.getExecutableProcesses().map((process) => process.id)).toEqual([
      'cached_letter',
    ]);
  });

  it('starts an engine whose user task carries its Camunda attributes', async () => {
    const { sourceContext } = await getParsedDefinition(hashDefinitionXml(xml), xml);
    const engine = new Engine({
      sourceContext,
      moddleOptions: { camunda: camundaModdle },
      expressions: bpmnExpressions,
    });

    const { behaviour } = await untilTaskWaits(engine, (listener) => engine.execute({ listener }));

    expect(behaviour).toEqual(expect.objectContaining({ candidateGroups: 'registrar', formKey: 'register' }));
    await engine.stop();
  });

  it('recovers a stored state without its embedded source from the cached context', async () => {
    const { sourceContext } = await getParsedDefinition(hashDefinitionXml(xml), xml);
    const started = new Engine({ sourceContext, expressions: bpmnExpressions });
    await untilTaskWaits(started, (listener) => started.execute({ listener }));
    const state = await started.getState();
    await started.stop();
    const slimState = {
      ...state,
      definitions: state.definitions.map(({ source: _source, ...rest }) => rest),
    };

    const recovered = new Engine({ sourceContext, expressions: bpmnExpressions }).recover(slimState);
    const ended = recovered.waitFor('end');
    const { engine } = await untilTaskWaits(recovered, (listener) => recovered.resume({ listener }));
    engine.execution.signal({ id: 'Task_1' });

    await expect(ended).resolves.toBeDefined();
    expect(JSON.stringify(slimState).length).toBeLessThan(JSON.stringify(state).length);
  });

  it('refuses a hash that does not belong to the XML', async () => {
    await expect(getParsedDefinition(hashDefinitionXml('<other />'), xml)).rejects.toThrow(
      /does not match its XML/,
    );
  });

  it('reports XML the engine cannot load, and does not remember the failure', async () => {
    const broken = '<definitions><process id="p"></definitions>';

    await expect(getParsedDefinition(hashDefinitionXml(broken), broken)).rejects.toThrow();
    await expect(getParsedDefinition(hashDefinitionXml(broken), broken)).rejects.toThrow();
  });
});
