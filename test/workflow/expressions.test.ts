import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { Engine } from 'bpmn-engine';
import {
  bpmnExpressions,
  camundaModdle,
  createBpmnExpressions,
  checkExpression,
  ExpressionError,
  evaluateExpression,
  isExpression,
} from '../../engine/workflow/expressions.js';
import { translateElToFeel } from '../../engine/workflow/expressionTranslation.js';

describe('isExpression', () => {
  it('recognises FEEL after "=" and Camunda 7 "${...}", and nothing else', () => {
    expect(isExpression('=amount > 10')).toBe(true);
    expect(isExpression('  =amount')).toBe(true);
    expect(isExpression('${approver}')).toBe(true);
    expect(isExpression('Dear ${name}')).toBe(true);
    expect(isExpression('approval-message')).toBe(false);
    expect(isExpression('PT1H')).toBe(false);
  });
});

describe('translating ${...} to FEEL', () => {
  it.each([
    ['approver', 'approver'],
    ["decision == 'approve'", 'decision = "approve"'],
    ['a && b || c', 'a and b or c'],
    ['a != b', 'a != b'],
    ['!approved', 'not(approved)'],
    ['!(a && b)', 'not(a and b)'],
    ['!environment.variables.urgent', 'not(environment.variables.urgent)'],
    ['amount >= 1000 and not urgent', 'amount >= 1000 and not(urgent)'],
    ['note == \'say "hi"\'', 'note = "say \\"hi\\""'],
    ['count gt 2', 'count > 2'],
  ])('translates %s into %s', (body, feel) => {
    expect(translateElToFeel(body)).toEqual({ ok: true, feel });
  });

  it.each([
    ["gender == 'male' ? 'Mr.' : 'Mrs.'", '"?" is not supported'],
    ['genderBean.getGenderString(gender)', 'calling "getGenderString(...)" is not supported'],
    ['items[0]', '"[" is not supported'],
    ['empty items', '"empty" is not supported'],
    ["'open", 'a string literal is not closed'],
    ['!', '"!" has nothing to negate'],
  ])('refuses %s', (body, problem) => {
    const translation = translateElToFeel(body);
    expect(translation.ok).toBe(false);
    expect(translation).toEqual({ ok: false, problem: expect.stringContaining(problem) });
  });
});

describe('checkExpression', () => {
  it('accepts valid FEEL, translatable ${...}, templates and plain text', () => {
    expect(checkExpression('=decision = "approve" and amount > 1000')).toBeNull();
    expect(checkExpression('=date and time("2025-01-01T00:00:00Z") + duration("P3D")')).toBeNull();
    expect(checkExpression("${clarified == 'yes'}")).toBeNull();
    expect(checkExpression('\n      ${!approved}\n    ')).toBeNull();
    expect(checkExpression('Dear ${name}, your letter ${number}')).toBeNull();
    expect(checkExpression('plain text')).toBeNull();
  });

  it('explains a FEEL syntax error with the place it occurs', () => {
    expect(checkExpression('=amount >')).toMatch(/"=amount >" is not valid FEEL: it ends too early/);
    expect(checkExpression('=(a and b')).toMatch(/is not valid FEEL/);
    expect(checkExpression('=')).toMatch(/is empty/);
  });

  it('refuses "==" in FEEL, which would otherwise evaluate to null', () => {
    expect(checkExpression('=decision == "approve"')).toMatch(/uses "==", which is not FEEL/);
  });

  it('refuses a ${...} it cannot translate and one that is not closed', () => {
    expect(checkExpression("${x ? 'a' : 'b'}")).toMatch(
      /cannot be translated to FEEL: "\?" is not supported/,
    );
    expect(checkExpression('${approver')).toMatch(/without its closing "}"/);
  });
});

describe('evaluateExpression', () => {
  it('evaluates FEEL with the variables visible by name', () => {
    expect(
      evaluateExpression('=decision = "approve" and amount > 1000', { decision: 'approve', amount: 2000 }),
    ).toBe(true);
    expect(evaluateExpression('=count(executors)', { executors: ['anna', 'juris'] })).toBe(2);
  });

  it('evaluates Camunda 7 expressions through their FEEL translation', () => {
    expect(evaluateExpression('${approver}', { approver: 'anna' })).toBe('anna');
    expect(evaluateExpression("${clarified == 'yes' && !urgent}", { clarified: 'yes', urgent: false })).toBe(
      true,
    );
  });

  it('fills a template with the values of its ${...} parts', () => {
    expect(evaluateExpression('Letter ${number} from ${sender}', { number: 12, sender: 'Rīga' })).toBe(
      'Letter 12 from Rīga',
    );
  });

  it('returns dates and durations as ISO 8601 text', () => {
    expect(evaluateExpression('=date and time("2025-01-01T10:00:00Z") + duration("P3D")', {})).toBe(
      '2025-01-04T10:00:00Z',
    );
    expect(evaluateExpression('=duration("P3D")', {})).toBe('P3D');
  });

  it('returns plain text unchanged', () => {
    expect(evaluateExpression('registrars', {})).toBe('registrars');
  });

  it('reads now() and today() from the given clock', () => {
    const clock = { now: () => new Date('2025-03-01T09:00:00.000Z') };

    expect(evaluateExpression('=now() + duration("P30D")', {}, { clock })).toBe('2025-03-31T09:00:00Z');
    expect(evaluateExpression('=today()', {}, { clock })).toBe('2025-03-01');
  });

  it('throws ExpressionError naming the expression when a variable is missing', () => {
    const evaluation = () => evaluateExpression('=decision = "approve"', {});
    expect(evaluation).toThrow(ExpressionError);
    expect(evaluation).toThrow(
      /"=decision = \\"approve\\"" cannot be evaluated: Variable 'decision' not found/,
    );
  });

  it('throws when a property is missing or the result is null', () => {
    expect(() => evaluateExpression('=document.subject', { document: {} })).toThrow(ExpressionError);
    expect(() => evaluateExpression('=amount > 1', { amount: null })).toThrow(/evaluated to null/);
  });

  it('lets an expression read an optional value explicitly with get value', () => {
    const condition = '=get value(get value(content, "output"), "result") = "done"';

    expect(evaluateExpression(condition, { content: {} })).toBe(false);
    expect(evaluateExpression(condition, { content: { output: { result: 'done' } } })).toBe(true);
  });

  it('throws on invalid syntax and carries the expression text', () => {
    try {
      evaluateExpression('=amount >', { amount: 1 });
      throw new Error('expected an ExpressionError');
    } catch (error) {
      expect(error).toBeInstanceOf(ExpressionError);
      expect((error as ExpressionError).expression).toBe('=amount >');
      expect((error as ExpressionError).code).toBe('expression_error');
    }
  });

  it('never reaches JavaScript: constructor tricks are just missing variables', () => {
    expect(() => evaluateExpression('=constructor.constructor("return process")()', {})).toThrow(
      ExpressionError,
    );
    expect(() => evaluateExpression('${constructor}', {})).toThrow(ExpressionError);
  });
});

describe('bpmnExpressions inside bpmn-engine', () => {
  const source = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
             id="Definitions_1" targetNamespace="http://kanceleja.example/test">
  <process id="routing" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="toDecision" sourceRef="start" targetRef="decision" />
    <exclusiveGateway id="decision" default="toRejected" />
    <sequenceFlow id="toApproved" sourceRef="decision" targetRef="execute">
      <conditionExpression>=decision = "approve"</conditionExpression>
    </sequenceFlow>
    <sequenceFlow id="toRejected" sourceRef="decision" targetRef="rejected" />
    <userTask id="execute" camunda:assignee="=executor">
      <multiInstanceLoopCharacteristics camunda:collection="=executors" camunda:elementVariable="executor" />
    </userTask>
    <sequenceFlow id="toDone" sourceRef="execute" targetRef="done" />
    <endEvent id="done" />
    <endEvent id="rejected" />
  </process>
</definitions>`;

  async function run(variables: Record<string, unknown>) {
    const engine = new Engine({
      source,
      moddleOptions: { camunda: camundaModdle },
      expressions: bpmnExpressions,
    });
    const listener = new EventEmitter();
    const assignees: unknown[] = [];
    listener.on(
      'wait',
      (api: { owner: { behaviour: { assignee: string } }; resolveExpression(e: string): unknown }) => {
        assignees.push(api.resolveExpression(api.owner.behaviour.assignee));
      },
    );
    const ended = engine.waitFor('end').then(
      () => 'ended',
      (error: Error) => error,
    );
    await engine.execute({ variables, listener });
    const waiting = engine.execution.getPostponed().map((activity) => activity.id);
    if (waiting.length === 0) return { outcome: await ended, assignees, waiting };
    return { outcome: 'waiting', assignees, waiting };
  }

  it('routes by a FEEL condition and resolves each multi-instance assignee by its element variable', async () => {
    const result = await run({ decision: 'approve', executors: ['anna', 'juris'] });

    expect(result.waiting).toEqual(['execute']);
    expect(result.assignees).toEqual(['anna', 'juris']);
  });

  it('takes the default flow only when the condition is false', async () => {
    const result = await run({ decision: 'reject' });

    expect(result.outcome).toBe('ended');
  });

  it('fails the run instead of taking the default flow when the condition cannot be evaluated', async () => {
    const result = await run({});

    expect(result.outcome).toBeInstanceOf(Error);
    expect((result.outcome as Error).message).toMatch(/Variable 'decision' not found/);
  });

  it('returns plain names unchanged', () => {
    expect(bpmnExpressions.resolveExpression('reply-received', {})).toBe('reply-received');
  });

  it('evaluates with the clock it was created with and the process variables of the engine', () => {
    const expressions = createBpmnExpressions({ now: () => new Date('2025-03-01T09:00:00.000Z') });
    const context = { environment: { variables: { days: 'P5D' } }, content: { id: 'Task_1' } };

    expect(expressions.resolveExpression('=now() + duration(days)', context)).toBe('2025-03-06T09:00:00Z');
    expect(expressions.resolveExpression('=content.id', context)).toBe('Task_1');
  });
});
