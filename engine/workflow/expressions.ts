/**
 * The one safe expression evaluator of Kanceleja: conditions, assignees, candidate groups, due dates,
 * collections and timer values. It never uses `eval`, `Function` or `node:vm`: expressions are
 * interpreted by `feelin` (FEEL, the language Camunda 8 modelers write) and nothing else.
 *
 * Syntax:
 * - `=<FEEL>` — Camunda 8 style, e.g. `=decision = "approve" and amount > 1000`.
 * - `${...}` — Camunda 7 style, translated to FEEL (see expressionTranslation.ts), e.g.
 *   `${decision == 'approve' && !urgent}`. Text around `${...}` makes a string template.
 * - Anything else is plain text and is returned unchanged.
 *
 * Strict: an unknown variable, a missing property, a failing function or a null result is an
 * ExpressionError, never a silent `null` that would send a document down the default flow.
 */
import { date, dateAndTime, evaluate, isFunction, isRange, parseExpression } from 'feelin';
import type { Clock } from '../context.js';
import { splitTemplate, translateElToFeel } from './expressionTranslation.js';

export { camundaModdle } from './camundaModdle.js';

/** An expression that cannot be parsed or evaluated. Its `code` survives bpmn-engine's stored state. */
export class ExpressionError extends Error {
  readonly code = 'expression_error' as const;
  constructor(
    readonly expression: string,
    reason: string,
  ) {
    super(`Expression ${JSON.stringify(expression)} ${reason}`);
    this.name = 'ExpressionError';
  }
}

/** True for `=…` (FEEL) and for text containing `${…}` (or Camunda's `#{…}`). */
export function isExpression(text: string): boolean {
  return text.trimStart().startsWith('=') || text.includes('${') || text.includes('#{');
}

type TemplatePiece = { kind: 'text'; text: string } | { kind: 'feel'; feel: string };
type Compiled = { kind: 'value'; feel: string } | { kind: 'template'; parts: TemplatePiece[] };

const compiledCache = new Map<string, Compiled>();
const COMPILED_CACHE_LIMIT = 5000;

function compile(text: string): Compiled {
  const cached = compiledCache.get(text);
  if (cached) return cached;
  const compiled = compileUncached(text);
  if (compiledCache.size >= COMPILED_CACHE_LIMIT) compiledCache.clear();
  compiledCache.set(text, compiled);
  return compiled;
}

function compileUncached(text: string): Compiled {
  const trimmed = text.trim();
  if (trimmed.startsWith('=')) return { kind: 'value', feel: trimmed.slice(1) };
  const template = splitTemplate(text);
  if (!template) throw new ExpressionError(text, 'has a "${" without its closing "}"');
  const parts = template.map((part): TemplatePiece => {
    if (part.kind === 'text') return { kind: 'text', text: part.text };
    const translated = translateElToFeel(part.body);
    if (!translated.ok)
      throw new ExpressionError(text, `cannot be translated to FEEL: ${translated.problem}`);
    return { kind: 'feel', feel: translated.feel };
  });
  // Whitespace around a single `${...}` (a formatted <conditionExpression>) does not make a template.
  const meaningful = parts.filter((part) => !(part.kind === 'text' && part.text.trim() === ''));
  const [single] = meaningful;
  if (meaningful.length === 1 && single?.kind === 'feel') return { kind: 'value', feel: single.feel };
  return { kind: 'template', parts };
}

const feelParts = (compiled: Compiled): string[] =>
  compiled.kind === 'value'
    ? [compiled.feel]
    : compiled.parts.flatMap((part) => (part.kind === 'feel' ? [part.feel] : []));

/** A readable syntax problem of one FEEL text, or null. */
function feelSyntaxProblem(feel: string): string | null {
  if (feel.trim() === '') return 'is empty';
  let problem: string | null = null;
  const tree = parseExpression(feel, {}, undefined);
  tree.iterate({
    enter(node) {
      if (problem) return false;
      if (node.type.isError) {
        const near = feel.slice(node.from, node.to + 1).trim();
        problem = near
          ? `is not valid FEEL near "${near}" (character ${node.from + 1})`
          : `is not valid FEEL: it ends too early (character ${node.from + 1})`;
        return false;
      }
      // `a == b` parses in FEEL as a comparison with a unary test and evaluates to null.
      if (node.name === 'SimplePositiveUnaryTest' && node.node.parent?.name === 'Comparison') {
        problem = 'uses "==", which is not FEEL: write "=" to compare';
        return false;
      }
      return undefined;
    },
  });
  return problem;
}

/** Deploy-time check: a readable problem with `text`, or null when it parses (plain text is fine). */
export function checkExpression(text: string): string | null {
  if (!isExpression(text)) return null;
  let compiled: Compiled;
  try {
    compiled = compile(text);
  } catch (error) {
    if (error instanceof ExpressionError) return error.message;
    throw error;
  }
  for (const feel of feelParts(compiled)) {
    const problem = feelSyntaxProblem(feel);
    if (problem) return `Expression ${JSON.stringify(text)} ${problem}`;
  }
  return null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** FEEL values as plain JSON-like data: temporal values become their ISO 8601 text. */
function toPlain(value: unknown, text: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item) => toPlain(item, text));
  if (isFunction(value)) throw new ExpressionError(text, 'evaluates to a function, not a value');
  if (isRange(value)) throw new ExpressionError(text, 'evaluates to a range, not a value');
  if (isRecord(value)) {
    if (typeof value.toJSON === 'function') return (value.toJSON as () => unknown)();
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toPlain(item, text)]));
  }
  throw new ExpressionError(text, `evaluates to an unsupported ${typeof value}`);
}

/**
 * FEEL's `now()` and `today()` read the given clock, so that tests move time instead of waiting.
 * `today()` is the UTC date. A process variable of the same name takes precedence.
 */
function clockFunctions(clock: Clock): Record<string, () => unknown> {
  return {
    now: () => dateAndTime(clock.now().toISOString()),
    today: () => date(clock.now().toISOString().slice(0, 10)),
  };
}

export interface EvaluationOptions {
  /** The time `now()` and `today()` see; the system clock when absent. */
  clock?: Clock;
}

function evaluateFeel(
  feel: string,
  variables: Record<string, unknown>,
  text: string,
  clock?: Clock,
): unknown {
  let result: ReturnType<typeof evaluate>;
  try {
    result = evaluate(feel, clock ? { ...clockFunctions(clock), ...variables } : variables);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ExpressionError(text, `is not valid FEEL: ${reason}`);
  }
  if (result.warnings.length > 0) {
    throw new ExpressionError(
      text,
      `cannot be evaluated: ${result.warnings.map((w) => w.message).join('; ')}`,
    );
  }
  const value = toPlain(result.value, text);
  if (value === null) throw new ExpressionError(text, 'evaluated to null');
  return value;
}

/**
 * Evaluates `text` with `variables` visible by name. Plain text is returned unchanged; a template
 * (`Dear ${name}`) returns a string. Throws ExpressionError on any problem.
 */
export function evaluateExpression(
  text: string,
  variables: Record<string, unknown>,
  options: EvaluationOptions = {},
): unknown {
  if (!isExpression(text)) return text;
  const compiled = compile(text);
  if (compiled.kind === 'value') return evaluateFeel(compiled.feel, variables, text, options.clock);
  return compiled.parts
    .map((part) => {
      if (part.kind === 'text') return part.text;
      const value = evaluateFeel(part.feel, variables, text, options.clock);
      return typeof value === 'string' ? value : JSON.stringify(value);
    })
    .join('');
}

/**
 * Content keys bpmn-elements itself puts on an activity's message. In a multi-instance iteration
 * every other content key is the loop's element variable (`camunda:elementVariable`).
 */
const ENGINE_CONTENT_KEYS = new Set([
  'id',
  'type',
  'name',
  'parent',
  'executionId',
  'isRootScope',
  'isMultiInstance',
  'isSubProcess',
  'isParallelGateway',
  'index',
  'state',
  'attachedTo',
  'inbound',
  'outbound',
  'output',
  'input',
  'properties',
  'loopCardinality',
  'loopOutput',
  'preventComplete',
  'isRecovered',
  'isDefinitionScope',
  'form',
  'message',
  'ignoreIfExecuting',
  'isSequential',
]);

/**
 * What an expression inside bpmn-engine sees: process variables by name, the multi-instance element
 * variable by name, and `content` (the activity's message content) and `environment` (`variables`,
 * `output`) for expressions written against bpmn-engine's own names.
 */
function engineScope(context: unknown): Record<string, unknown> {
  const from = isRecord(context) ? context : {};
  const environment = isRecord(from.environment) ? from.environment : {};
  const variables = isRecord(environment.variables) ? environment.variables : {};
  const content = isRecord(from.content) ? from.content : {};
  const scope: Record<string, unknown> = {
    content,
    environment: { variables, output: isRecord(environment.output) ? environment.output : {} },
    ...variables,
  };
  if (content.isMultiInstance === true) {
    for (const [key, value] of Object.entries(content)) {
      if (!ENGINE_CONTENT_KEYS.has(key)) scope[key] = value;
    }
  }
  return scope;
}

/** The shape bpmn-elements expects of its `expressions` option. */
export interface BpmnExpressions {
  resolveExpression(expression: string, context?: unknown, fnContext?: unknown): unknown;
  isExpression(text: string): boolean;
  hasExpression(text: string): boolean;
}

/**
 * The `expressions` option of bpmn-engine: `new Engine({ expressions: createBpmnExpressions(ctx.clock) })`.
 * The engine sends every name through it (message names, timer values, `calledElement`), so plain
 * strings come back unchanged; a failing expression throws, which the engine reports as an activity
 * error (an incident), never a default flow.
 */
export function createBpmnExpressions(clock?: Clock): BpmnExpressions {
  const options: EvaluationOptions = clock ? { clock } : {};
  return {
    resolveExpression(expression, context) {
      if (typeof expression !== 'string' || !isExpression(expression)) return expression;
      return evaluateExpression(expression, engineScope(context), options);
    },
    isExpression: (text) => typeof text === 'string' && isExpression(text),
    hasExpression: (text) => typeof text === 'string' && isExpression(text),
  };
}

/** The expressions handler on the system clock. */
export const bpmnExpressions: BpmnExpressions = createBpmnExpressions();
