/**
 * bpmn-elements' TimerEventDefinition reads the wall clock (`new Date()`) to decide when a timer is
 * due and whether it is due already. Kanceleja's time comes from the use case's clock (tests move
 * it, the scheduler fires jobs by it), so this subclass computes the same things from the clock the
 * engine session publishes as the service `kancelejaNow`. The two methods below follow
 * bpmn-elements 17 (MIT) line by line, with `now` taken from that clock.
 */
import { getDate, ISOInterval } from '@0dep/piso';
import { TimerEventDefinition } from 'bpmn-elements';

const TIMER_TYPES = ['timeDuration', 'timeDate', 'timeCycle'] as const;
type TimerType = (typeof TIMER_TYPES)[number];

interface TimerResult {
  expireAt?: Date;
  timerType?: TimerType;
  repeat?: number;
  timeout?: number;
  timeDuration?: string;
  timeDate?: string;
  timeCycle?: string;
}

interface ExecuteMessage {
  content: Record<string, unknown> & {
    expireAt?: string | Date;
    timeout?: number;
    inbound?: { repeat?: number }[];
  };
}

interface TimerBase {
  environment: {
    services: Record<string, unknown>;
    resolveExpression(expression: string, message: ExecuteMessage): string;
  };
  timeDuration?: string;
  timeDate?: string;
  timeCycle?: string;
}

/** The session's clock, or the wall clock for an engine that publishes none. */
function now(timer: TimerBase): Date {
  const clock = timer.environment.services.kancelejaNow;
  return typeof clock === 'function' ? (clock as () => Date)() : new Date();
}

function parse(this: TimerBase, timerType: TimerType, value: string) {
  const current = now(this);
  if (timerType === 'timeDate') {
    const expireAt = getDate(value);
    return { expireAt, repeat: undefined, delay: current.getTime() - expireAt.getTime() };
  }
  const parsed = new ISOInterval(value).parse();
  const expireAt = parsed.getExpireAt(current, current);
  return { expireAt, repeat: parsed.repeat, delay: expireAt.getTime() - current.getTime() };
}

function getTimers(this: TimerBase & { parse: typeof parse }, executeMessage: ExecuteMessage): TimerResult {
  const content = executeMessage.content;
  const result: TimerResult = content.expireAt !== undefined ? { expireAt: new Date(content.expireAt) } : {};
  const current = now(this);
  for (const timerType of TIMER_TYPES) {
    let timerString: string | undefined;
    if (timerType in content) timerString = content[timerType] as string;
    else if (this[timerType] !== undefined) {
      timerString = this.environment.resolveExpression(this[timerType] as string, executeMessage);
    } else continue;
    result[timerType] = timerString;
    let expireAt: Date = current;
    let repeat: number | undefined;
    if (timerString) {
      const parsed = this.parse(timerType, timerString);
      if (!parsed.expireAt || !parsed.expireAt.getTime) {
        throw new TypeError(`Parsed ${timerType} "${timerString}" expireAt failed to resolve to a date`);
      }
      expireAt = parsed.expireAt;
      repeat = parsed.repeat;
    }
    if (result.expireAt === undefined || result.expireAt > expireAt) {
      result.timerType = timerType;
      result.expireAt = expireAt;
      result.repeat = repeat;
    }
  }
  if (result.expireAt !== undefined) result.timeout = result.expireAt.getTime() - current.getTime();
  // A timer resumed from a stored state is fired by its job (the scheduler), never by the resume
  // itself, so that a due timer fires exactly once, in the job's step: keep it armed.
  if (content.expireAt !== undefined && result.timeout !== undefined && result.timeout <= 0)
    result.timeout = 1;
  else if ('timeout' in content) result.timeout = content.timeout;
  else if (Object.keys(result).length === 0) result.timeout = 0;
  const inbound = content.inbound?.[0];
  if (inbound && 'repeat' in inbound) result.repeat = inbound.repeat;
  return result;
}

/** TimerEventDefinition on the session's clock; plugged into the parsed definitions' type resolver. */
export function ClockedTimerEventDefinition(this: unknown, ...args: unknown[]): unknown {
  return Reflect.construct(
    TimerEventDefinition as unknown as new (...a: unknown[]) => object,
    args,
    ClockedTimerEventDefinition,
  );
}
ClockedTimerEventDefinition.prototype = Object.create(
  (TimerEventDefinition as unknown as { prototype: object }).prototype,
  {
    constructor: { value: ClockedTimerEventDefinition, writable: true, configurable: true },
    parse: { value: parse, writable: true, configurable: true },
    _getTimers: { value: getTimers, writable: true, configurable: true },
  },
);
