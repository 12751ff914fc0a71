/**
 * The engine's problems and refusals in the reader's language. Each carries a message code, an id
 * of these tables (`problem.required`, `refusal.systemReads`, …), and the values of its
 * placeholders; its English text is a default, shown for a message without a code (or with one the
 * tables do not know). messageCodes.test.ts checks that every code the engine raises has a text in
 * every language, with no placeholder its call does not fill.
 */
import type { DomainError, MessageParams } from '../../engine/errors.js';
import { en } from './en.js';
import type { MessageId, Translate } from './translate.js';

/** What the engine said: its English default, and the code and values that say it in any language. */
export interface EngineMessage {
  message: string;
  code?: string | undefined;
  params?: MessageParams | undefined;
}

export const isMessageId = (code: string): code is MessageId => Object.hasOwn(en, code);

/** An engine message in the language of `t`: by its code, else as the engine wrote it. */
export function translateEngineMessage(said: EngineMessage, t: Translate): string {
  return said.code !== undefined && isMessageId(said.code) ? t(said.code, said.params) : said.message;
}

/** A domain error's message in the language of `t`. */
export const translateError = (error: DomainError, t: Translate): string =>
  translateEngineMessage({ message: error.message, code: error.messageCode, params: error.params }, t);
