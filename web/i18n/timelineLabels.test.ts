/**
 * The document card's history says in words what happened: every audit action recorded on a
 * document and every process event the card shows has a label in every page language, so that no
 * raw key (`document.status_set`) reaches the screen. The actions are read from the engine's source,
 * so that a new one without a label fails here.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMessageId } from '../pages/viewHelpers.js';
import { LANGUAGES, translator } from './translate.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sources = (dir: string): string[] =>
  readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => readFileSync(path.join(ROOT, dir, name), 'utf8'));

const documentActions = [
  ...new Set(
    sources('engine').flatMap((text) =>
      [...text.matchAll(/'((?:document|attachment)\.[a-z_]+)'/g)].map((m) => m[1] ?? ''),
    ),
  ),
].sort();
const cardQuery = readFileSync(path.join(ROOT, 'engine/records/documentCard.ts'), 'utf8');
const shownHistory = [
  ...new Set([...cardQuery.matchAll(/'((?:instance|task|timer)\.[a-z_]+)'/g)].map((m) => m[1] ?? '')),
];

describe("the document card's history", () => {
  it('finds the actions it checks', () => {
    expect(documentActions).toEqual(expect.arrayContaining(['document.registered', 'document.status_set']));
    expect(shownHistory).toEqual(expect.arrayContaining(['task.created', 'task.completed']));
  });

  it.each(LANGUAGES)('names every document action and shown process event in words (%s)', (language) => {
    const t = translator(language);
    const unnamed = [...documentActions, ...shownHistory].filter((code) => {
      const key = `timeline.${code}`;
      return !isMessageId(key) || t(key).trim() === '' || t(key) === key;
    });
    expect(unnamed).toEqual([]);
  });
});
