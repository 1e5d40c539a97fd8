/**
 * The serverless path with no AWS: the state machine definition synthesized by the stack, run
 * in Node by aws-local-stepfunctions with each Lambda task bound — through the function ARN the
 * template wires into the state — to the real function code in this process, against DynamoDB
 * emulated by dynalite and a part store in a directory. A user signs in through the HTTP API
 * function, adds a provider and asks for a scan; the API wakes the orchestrator, which claims the
 * scan and starts its execution. On the demo snapshot the findings equal the CLI's; on the
 * benchmark's simulated organization they equal the engine's one-piece scan of the same request
 * (the code the CLI runs). A task that keeps failing is caught by the state machine and recorded:
 * the scan completes with a scan error naming the account, never hangs.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant } from '@palisade/api';
import { DirectoryPartStore, parseScanRequest, runScan } from '@palisade/engine';
import type { ScanSink } from '@palisade/engine';
import type { Finding } from '@palisade/core';
import { createDynamoStore } from '@palisade/store/dynamodb';
import type { Store, StoredFinding } from '@palisade/store';
import { DEMO_SNAPSHOT } from '../../../packages/engine/test/demo-accounts.ts';
import { startDynalite } from '../../../packages/store/test/dynalite-server.ts';
import type { Dynalite } from '../../../packages/store/test/dynalite-server.ts';
import { SIMULATED_TRANSPORT_MODULE } from '../../../test/integration/simulated-scan.ts';
import type { EstateShape } from '../../../bench/sim/estate.ts';
import { buildApp } from '../src/infra/app.ts';
import { definitionOf, lambdaHandlersOf } from '../src/infra/asl.ts';
import type { AslDefinition } from '../src/infra/asl.ts';
import { runCli } from '../../cli/src/program.ts';
import { createFunctions } from '../src/handlers/functions.ts';
import type { ServerlessFunctions } from '../src/handlers/functions.ts';
import type { ServerlessContext } from '../src/handlers/context.ts';

// aws-local-stepfunctions 3 calls Promise.withResolvers (ES2024), which Node 22 has and Node 20 lacks.
if (!(Promise as { withResolvers?: unknown }).withResolvers) {
  Object.assign(Promise, {
    withResolvers<T>() {
      let resolve!: (value: T) => void;
      let reject!: (reason: unknown) => void;
      const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
      return { promise, resolve, reject };
    },
  });
}
const { StateMachine } = await import('aws-local-stepfunctions');

const work = mkdtempSync(join(tmpdir(), 'palisade-serverless-'));
const estate: EstateShape = {
  seed: 41,
  accounts: 3,
  regions: ['us-east-1', 'eu-west-1'],
  perRegion: { instances: 2, securityGroups: 2, volumes: 1, snapshots: 1, vpcs: 1, kmsKeys: 1, logGroups: 1 },
  perAccount: { iamUsers: 2, iamRoles: 2, buckets: 2 },
  misconfiguredShare: 0.3,
};
const transport = { module: SIMULATED_TRANSPORT_MODULE, export: 'simulatedAws', options: { estate, latency: { medianMs: 1, p99Ms: 5 } } };

let dynamo: Dynalite;
let store: Store;
let functions: ServerlessFunctions;
let definition: AslDefinition;
let handlerOfArn: Record<string, string>;
let token = '';
const executions: Promise<unknown>[] = [];
/** Test hook: a step that throws, to see the state machine catch it. */
let sabotage: ((step: string, event: Record<string, unknown>) => void) | undefined;

/** The function each Task state invokes, by the ARN the template gives it: the deployed wiring, not the state's name. */
function taskHandlers(machine: AslDefinition): Record<string, (event: never) => Promise<unknown>> {
  const byHandler: Record<string, (event: never) => Promise<unknown>> = {
    'api.handler': functions.api,
    'orchestrator.handler': functions.orchestrator,
    'plan.handler': functions.plan,
    'collect.handler': functions.collect,
    'evaluate.handler': functions.evaluate,
    'finalize.handler': functions.finalize,
    'record-failure.handler': functions.recordFailure,
  } as never;
  const handlers: Record<string, (event: never) => Promise<unknown>> = {};
  const walk = (states: AslDefinition['States']) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Task') {
        const handler = handlerOfArn[state.Resource ?? ''];
        const run = handler ? byHandler[handler] : undefined;
        if (!run) throw new Error(`state ${name} invokes ${state.Resource}, which is no function of the stack`);
        handlers[name] = async (event: never) => {
          sabotage?.(handler!, event);
          return run(event);
        };
      }
      if (state.ItemProcessor) walk(state.ItemProcessor.States);
    }
  };
  walk(machine.States);
  return handlers;
}

async function api(method: string, path: string, body?: unknown) {
  const response = await functions.api({
    rawPath: `/api/v1${path}`,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    isBase64Encoded: false,
    requestContext: { http: { method, sourceIp: '127.0.0.1' } },
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field
  return { status: response.statusCode, json: JSON.parse(response.body) as any };
}

async function allFindings(tenantId: string, scanId: string): Promise<StoredFinding[]> {
  const items: StoredFinding[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.forTenant(tenantId).listFindings({ scanId, limit: 1000, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** Asks for a scan through the API and waits for its execution. */
async function scanThroughApi(providerId: string): Promise<{ id: string; state: string; summary: Record<string, unknown> }> {
  const queued = await api('POST', '/scans', { providerId });
  expect(queued.status).toBe(202);
  while (executions.length) await executions.shift();
  const scan = await api('GET', `/scans/${queued.json.id}`);
  return scan.json;
}

beforeAll(async () => {
  // dynalite lacks TransactWriteItems: its test client applies transactions itself (see dynalite-server.ts).
  dynamo = await startDynalite();
  store = createDynamoStore({ tableName: 'palisade-local', createTable: true, client: dynamo.client() });

  // The stack as deployed, synthesized with stand-in function code.
  const handlersDir = join(work, 'handlers');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(handlersDir);
  for (const name of ['api', 'orchestrator', 'plan', 'collect', 'evaluate', 'finalize', 'record-failure']) writeFileSync(join(handlersDir, `${name}.mjs`), '');
  const template = Template.fromStack(buildApp({ handlersDir }).stack);
  definition = definitionOf(template);
  handlerOfArn = lambdaHandlersOf(template);

  const context: ServerlessContext = {
    store,
    parts: new DirectoryPartStore(join(work, 'parts')),
    masterKey: randomBytes(32).toString('base64'),
    productVersion: 'test',
    workDir: join(work, 'tmp'),
    httpLog: false,
    transport,
    startExecution: async (ref) => {
      const machine = new StateMachine(definition as never, { validationOptions: { checkPaths: true, checkArn: true } });
      const execution = machine.run({ ...ref }, { overrides: { taskResourceLocalHandlers: taskHandlers(definition) as never, waitTimeOverrides: {} } });
      executions.push(execution.result);
    },
    // The asynchronous invocation the API makes, run here.
    invokeOrchestrator: async (event) => void (await functions.orchestrator(event)),
  };
  functions = createFunctions(context);
  const platform = await functions.platform();
  await createTenant(platform, { name: 'Serverless', ownerEmail: 'owner@serverless.test', password: 'serverless passphrase' });
  const login = await api('POST', '/auth/login', { email: 'owner@serverless.test', password: 'serverless passphrase' });
  expect(login.status).toBe(200);
  token = login.json.accessToken;
}, 120_000);

afterAll(async () => {
  await functions?.close();
  await dynamo?.close();
});

describe('the synthesized state machine, run locally on dynalite', () => {
  it('binds every task to a function of the stack: plan, collect, evaluate, finalize and the failure recorder', () => {
    const bound = new Set(Object.values(handlerOfArn));
    for (const handler of ['plan.handler', 'collect.handler', 'evaluate.handler', 'finalize.handler', 'record-failure.handler']) expect(bound).toContain(handler);
    expect(Object.keys(taskHandlers(definition)).length).toBeGreaterThanOrEqual(5);
  });

  it('scans the demo snapshot through the API and finds what the CLI finds', async () => {
    const provider = await api('POST', '/providers', { type: 'snapshot', alias: 'demo', config: { path: DEMO_SNAPSHOT } });
    expect(provider.status).toBe(201);
    const scan = await scanThroughApi(provider.json.id);
    expect(scan.state).toBe('completed');
    const tenantId = (await store.system.listTenants({ limit: 10 })).items[0]!.id;
    const findings = await allFindings(tenantId, scan.id);
    expect(findings).toHaveLength(1062);

    const out = join(work, 'cli');
    const stdout: string[] = [];
    const io = { stdout: { write: (text: string) => stdout.push(text) }, stderr: { write: () => true } } as never;
    const code = await runCli(['scan', 'aws', '--from-snapshot', DEMO_SNAPSHOT, '-M', 'json-ocsf', '-o', out, '-F', 'cli', '-q'], io);
    expect(code).toBe(3);
    const ocsf = JSON.parse(readFileSync(join(out, readdirSync(out).find((name) => name.endsWith('.ocsf.json'))!), 'utf8')) as { finding_info: { uid: string }; status_code: string; message: string }[];
    const fromCli = ocsf.map((record) => `${record.finding_info.uid} ${record.status_code} ${record.message}`).sort();
    expect(findings.map((finding) => `${finding.uid} ${finding.status} ${finding.message}`).sort()).toEqual(fromCli);
    expect(scan.summary['total']).toMatchObject({ FAIL: 313 });
    // The compliance report is served from the completed scan.
    const compliance = await api('GET', `/scans/${scan.id}/reports/compliance?framework=cis-aws-3.0`);
    expect(compliance.status).toBe(200);
    expect(compliance.json.requirements.length).toBeGreaterThan(50);
  });

  it('scans an organization of the simulated AWS and finds what the one-piece engine scan of the same request finds', async () => {
    const provider = await api('POST', '/providers', { type: 'aws', alias: 'organization', config: { organization: {} } });
    expect(provider.status).toBe(201);
    const scan = await scanThroughApi(provider.json.id);
    expect(scan).toMatchObject({ state: 'completed' });
    expect((scan.summary['accountsScanned'] as string[]).length).toBe(4);
    const tenantId = (await store.system.listTenants({ limit: 10 })).items[0]!.id;
    const findings = await allFindings(tenantId, scan.id);

    const stored = (await store.forTenant(tenantId).getScan(scan.id))!;
    const request = parseScanRequest({ ...(stored.request as Record<string, unknown>), execution: { workers: 1 } });
    const engine: Finding[] = [];
    const sink: ScanSink = { receives: 'all', write: async (batch) => void engine.push(...batch) };
    await runScan(request, [sink], { productVersion: 'test' });
    expect(findings.map((finding) => `${finding.uid} ${finding.status} ${finding.message}`).sort()).toEqual(engine.map((finding) => `${finding.uid} ${finding.status} ${finding.message}`).sort());
  });

  it('records a task that keeps failing and completes the scan with a scan error naming the account', async () => {
    const provider = await api('POST', '/providers', { type: 'aws', alias: 'failing', config: { organization: {} } });
    let victim: string | undefined;
    sabotage = (handler, event) => {
      if (handler !== 'evaluate.handler') return;
      victim ??= String(event['accountId']);
      if (event['accountId'] === victim) throw Object.assign(new Error('the function ran out of memory'), { name: 'OutOfMemory' });
    };
    try {
      const scan = await scanThroughApi(provider.json.id);
      expect(scan.state).toBe('completed');
      const errors = scan.summary['errors'] as { accountId?: string; error: { code: string; api: string } }[];
      expect(errors).toContainEqual({ accountId: victim, error: expect.objectContaining({ api: 'palisade:EvaluateScope', code: 'OutOfMemory' }) });
      expect(scan.summary['accountsScanned']).not.toContain(victim);
      expect((scan.summary['accountsScanned'] as string[]).length).toBe(3);
    } finally {
      sabotage = undefined;
    }
  });
});
