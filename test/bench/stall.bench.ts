/**
 * No diagram stalls the server (issue 12): while a designer's process that loops without waiting
 * is started over HTTP — and refused once it exceeds the step budget — another client asks
 * `GET /api/health` every 10 ms. Prints the health answers' latency (p50, p99, worst) and how long
 * the refused start took, on PGlite and on PostgreSQL when configured. The target is a health p99
 * under 100 ms.
 */
import { startApiWorld } from '../api/apiWorld.js';
import { storeAdapters } from '../support/storeAdapters.js';
import { bpmn } from '../support/workflow.js';
import type { Report } from './run.js';

const STARTS = 5;

const LOOP = (key: string) =>
  bpmn(`
  <startEvent id="start" />
  <sequenceFlow id="f1" sourceRef="start" targetRef="again" />
  <task id="again" name="Check again" />
  <sequenceFlow id="f2" sourceRef="again" targetRef="more" />
  <exclusiveGateway id="more" default="f4" />
  <sequenceFlow id="f3" sourceRef="more" targetRef="again"><conditionExpression>=true</conditionExpression></sequenceFlow>
  <sequenceFlow id="f4" sourceRef="more" targetRef="end" />
  <endEvent id="end" />`).replaceAll('__KEY__', key);

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

export default async function stall(report: Report): Promise<void> {
  for (const adapter of storeAdapters) {
    if (adapter.skipReason) continue;
    const world = await startApiWorld({ adapter });
    try {
      const designer = await world.as('designer');
      const registrar = await world.as('registrar');
      const deployed = await designer.fetch('/api/processes', {
        method: 'POST',
        headers: { 'content-type': 'application/xml' },
        body: LOOP('benchLoop'),
      });
      if (deployed.status !== 201)
        throw new Error(`deploy answered ${deployed.status}: ${await deployed.text()}`);

      // As a started server has (engine/store/openStore.ts reads the migration at start).
      await (await fetch(`${world.base}/api/health`)).arrayBuffer();
      const latencies: number[] = [];
      let polling = true;
      const poller = (async () => {
        while (polling) {
          const asked = performance.now();
          await (await fetch(`${world.base}/api/health`)).arrayBuffer();
          latencies.push(performance.now() - asked);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      })();
      const durations: number[] = [];
      for (let i = 0; i < STARTS; i++) {
        const began = performance.now();
        const started = await registrar.post('/api/processes/benchLoop/start', { businessKey: `loop-${i}` });
        durations.push(performance.now() - began);
        if (started.status < 400) throw new Error(`a looping start answered ${started.status}`);
      }
      polling = false;
      await poller;

      latencies.sort((a, b) => a - b);
      durations.sort((a, b) => a - b);
      const name = `stall.${adapter.name}`;
      report(`${name}.health-answers`, latencies.length, 'requests');
      report(`${name}.health-p50`, percentile(latencies, 0.5), 'ms');
      report(`${name}.health-p99`, percentile(latencies, 0.99), 'ms');
      report(`${name}.health-worst`, latencies.at(-1) ?? 0, 'ms');
      report(`${name}.refused-start-median`, percentile(durations, 0.5), 'ms');
    } finally {
      await world.close();
    }
  }
}
