/**
 * Every test file runs with the engine composed as a server composes it (engine/composition.ts):
 * workflow steps grant routed access and notify, and the built-in services that work on documents
 * are there, whether a test starts an app or calls the use cases directly.
 */
import { composeEngine } from '../../engine/composition.js';

composeEngine();
