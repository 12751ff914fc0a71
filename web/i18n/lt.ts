/**
 * Lithuanian: waiting for its translator (issue 5, item 5). The translation layer carries it; the
 * language switch offers it once every message id of en.ts has a string here (see translate.ts).
 */
import type { MessageId } from './en.js';

export const lt: Partial<Record<MessageId, string>> = {};
