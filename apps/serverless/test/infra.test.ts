/**
 * The serverless stack as synthesized: encryption, access, the state machine's contract, event
 * routing, and the AWS Solutions checks. One synthesis for the file, with empty handler files (the
 * template does not depend on the handlers' code); the member-account template is read as YAML.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { parse } from 'yaml';
import type { Tags, YAMLMap, YAMLSeq } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANGE_EVENT_RULES } from '@palisade/engine';
import { dynamoTableDefinition } from '@palisade/store/dynamodb';
import { CONTEXT_KEYS, stackSettingsOf, synthesizeStack } from '../src/infra/app.ts';
import type { Synthesis } from '../src/infra/app.ts';
import { definitionOf, lambdaHandlersOf, localFunctionArn } from '../src/infra/asl.ts';
import type { AslDefinition, AslState } from '../src/infra/asl.ts';
import { CHANGE_EVENT_BUS_NAME, CHANGE_EVENT_SOURCES, HANDLER_MODULES } from '../src/infra/stack.ts';
import type { FunctionName } from '../src/infra/stack.ts';

type Resource = { Type: string; Condition?: string; Properties: Record<string, unknown> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, unknown>; Sid?: string };

let scratch: string;
let synthesis: Synthesis;
let template: Template;
let resources: Record<string, Resource>;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'palisade-infra-'));
  const handlersDir = join(scratch, 'handlers');
  mkdirSync(handlersDir);
  for (const module of Object.values(HANDLER_MODULES)) writeFileSync(join(handlersDir, `${module}.mjs`), '');
  synthesis = await synthesizeStack({ outdir: join(scratch, 'cdk.out'), handlersDir });
  const json = JSON.parse(readFileSync(synthesis.templatePath, 'utf8')) as { Resources: Record<string, Resource> };
  template = Template.fromJSON(json);
  resources = json.Resources;
}, 120_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const logicalIdOf = (type: string, prefix: string): string => {
  const matches = ofType(type).filter(([id]) => id.startsWith(prefix));
  expect(matches.map(([id]) => id), `${type} ${prefix}…`).toHaveLength(1);
  return matches[0]![0];
};
const getAtt = (logicalId: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [logicalId, attribute] });
const actionsOf = (statement: Statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]);
const resourcesOf = (statement: Statement) => (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]);

const FUNCTION_IDS: Record<FunctionName, string> = {
  api: 'ApiFunction',
  orchestrator: 'OrchestratorFunction',
  plan: 'PlanFunction',
  collect: 'CollectFunction',
  evaluate: 'EvaluateFunction',
  finalize: 'FinalizeFunction',
  recordFailure: 'RecordFailureFunction',
};
const FUNCTIONS = Object.keys(FUNCTION_IDS) as FunctionName[];

/** The role of a function and every statement of the policies attached to it, and its managed policies. */
function accessOf(name: FunctionName): { statements: Statement[]; managedPolicies: unknown } {
  const fn = resources[logicalIdOf('AWS::Lambda::Function', FUNCTION_IDS[name])]!;
  const role = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const statements = ofType('AWS::IAM::Policy')
    .filter(([, policy]) => (policy.Properties.Roles as unknown[]).some((entry) => JSON.stringify(entry) === JSON.stringify({ Ref: role })))
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  return { statements, managedPolicies: resources[role]!.Properties.ManagedPolicyArns };
}

const functionsAllowed = (action: string) => FUNCTIONS.filter((name) => accessOf(name).statements.some((statement) => statement.Effect === 'Allow' && actionsOf(statement).includes(action)));

describe('data at rest', () => {
  it('one customer managed key with rotation encrypts the table, with on-demand capacity and point-in-time recovery', () => {
    const key = logicalIdOf('AWS::KMS::Key', 'DataKey');
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: getAtt(key) },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('declares the keys and indexes of the store\'s table definition', () => {
    const definition = dynamoTableDefinition('palisade');
    const table = ofType('AWS::DynamoDB::Table')[0]![1].Properties;
    expect(table.KeySchema).toEqual(definition.KeySchema);
    const byName = <T extends { AttributeName?: string | undefined }>(list: readonly T[]) => [...list].sort((a, b) => String(a.AttributeName).localeCompare(String(b.AttributeName)));
    expect(byName(table.AttributeDefinitions as { AttributeName: string }[])).toEqual(byName(definition.AttributeDefinitions ?? []));
    const indexes = (table.GlobalSecondaryIndexes as { IndexName: string; KeySchema: unknown; Projection: unknown }[]).map(({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection }));
    expect(indexes).toEqual((definition.GlobalSecondaryIndexes ?? []).map(({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection })));
  });

  it('encrypts the parts and reports buckets with the key, blocks public access, logs access; parts expire after 7 days, reports keep versions', () => {
    const key = logicalIdOf('AWS::KMS::Key', 'DataKey');
    const logBucket = logicalIdOf('AWS::S3::Bucket', 'AccessLogBucket');
    const blocked = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };
    const kms = { BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt(key) } }] } };
    const parts = resources[logicalIdOf('AWS::S3::Bucket', 'PartsBucket')]!.Properties;
    expect(parts).toMatchObject({ ...kms, PublicAccessBlockConfiguration: blocked, LoggingConfiguration: { DestinationBucketName: { Ref: logBucket } } });
    expect(parts.LifecycleConfiguration).toMatchObject({ Rules: [expect.objectContaining({ ExpirationInDays: 7, Status: 'Enabled' })] });
    const reports = resources[logicalIdOf('AWS::S3::Bucket', 'ReportsBucket')]!.Properties;
    expect(reports).toMatchObject({ ...kms, PublicAccessBlockConfiguration: blocked, VersioningConfiguration: { Status: 'Enabled' }, LoggingConfiguration: { DestinationBucketName: { Ref: logBucket } } });
    // Server access logs are delivered only to SSE-S3 buckets.
    expect(resources[logBucket]!.Properties).toMatchObject({ BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] }, PublicAccessBlockConfiguration: blocked });
  });

  it('every bucket denies requests without TLS', () => {
    const buckets = ofType('AWS::S3::Bucket').map(([id]) => id);
    expect(buckets).toHaveLength(3);
    for (const bucket of buckets) {
      const policy = ofType('AWS::S3::BucketPolicy').find(([, resource]) => JSON.stringify(resource.Properties.Bucket) === JSON.stringify({ Ref: bucket }));
      expect(policy, bucket).toBeDefined();
      const statements = (policy![1].Properties.PolicyDocument as { Statement: Statement[] }).Statement;
      expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    }
  });

  it('the master key secret is generated as 64 hex characters and encrypted with the key', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: getAtt(logicalIdOf('AWS::KMS::Key', 'DataKey')),
      GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludeUppercase: true, ExcludePunctuation: true, ExcludeCharacters: 'ghijklmnopqrstuvwxyz' }),
    });
  });

  it('the dead-letter queue and every log group are encrypted with the key', () => {
    const key = getAtt(logicalIdOf('AWS::KMS::Key', 'DataKey'));
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: key });
    const logGroups = ofType('AWS::Logs::LogGroup');
    expect(logGroups).toHaveLength(9);
    for (const [id, logGroup] of logGroups) expect(logGroup.Properties, id).toMatchObject({ KmsKeyId: key, RetentionInDays: 90 });
  });
});

describe('functions', () => {
  it('seven Node.js 24 functions on arm64, one per handler module, each with its own role and log group', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions.map(([, fn]) => fn.Properties.Handler).sort()).toEqual(Object.values(HANDLER_MODULES).map((module) => `${module}.handler`).sort());
    expect(new Set(functions.map(([, fn]) => JSON.stringify(fn.Properties.Role))).size).toBe(7);
    for (const [id, fn] of functions) {
      expect(fn.Properties, id).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], LoggingConfig: { LogGroup: { Ref: expect.stringMatching(/Logs/) } } });
    }
  });

  it('gives finalize, which stages no report file on disk (they go straight to the bucket), 2 GB of /tmp; the others the default', () => {
    const storage = Object.fromEntries(ofType('AWS::Lambda::Function').map(([, fn]) => [fn.Properties.Handler, fn.Properties.EphemeralStorage ?? null]));
    expect(storage).toEqual({ ...Object.fromEntries(Object.values(HANDLER_MODULES).map((module) => [`${module}.handler`, null])), 'finalize.handler': { Size: 2048 } });
  });

  it('pass the table, buckets, secret and member role to every function; the state machine only to the orchestrator, the orchestrator only to the API', () => {
    for (const name of FUNCTIONS) {
      const environment = (resources[logicalIdOf('AWS::Lambda::Function', FUNCTION_IDS[name])]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(Object.keys(environment), name).toEqual(expect.arrayContaining(['PALISADE_TABLE', 'PALISADE_PARTS_BUCKET', 'PALISADE_REPORTS_BUCKET', 'PALISADE_MASTER_KEY_SECRET_ARN', 'PALISADE_MEMBER_ROLE_NAME']));
      expect(environment.PALISADE_MEMBER_ROLE_NAME).toBe('PalisadeScanRole');
      expect('PALISADE_STATE_MACHINE_ARN' in environment, name).toBe(name === 'orchestrator');
      expect('PALISADE_ORCHESTRATOR_FUNCTION' in environment, name).toBe(name === 'api');
    }
    const orchestrator = resources[logicalIdOf('AWS::Lambda::Function', 'OrchestratorFunction')]!.Properties.Environment as { Variables: Record<string, unknown> };
    expect(orchestrator.Variables.PALISADE_STATE_MACHINE_ARN).toEqual({ Ref: logicalIdOf('AWS::StepFunctions::StateMachine', 'ScanStateMachine') });
  });

  it('roles use no managed policy and no wildcard action; Resource "*" only for the Organizations reads of plan', () => {
    for (const name of FUNCTIONS) {
      const { statements, managedPolicies } = accessOf(name);
      expect(managedPolicies, name).toBeUndefined();
      for (const statement of statements) {
        expect(actionsOf(statement).filter((action) => action === '*' || action.endsWith(':*')), `${name} ${statement.Sid}`).toEqual([]);
      }
    }
    const everywhere = FUNCTIONS.flatMap((name) => accessOf(name).statements.filter((statement) => resourcesOf(statement).includes('*')).map((statement) => ({ name, actions: actionsOf(statement) })));
    expect(everywhere).toEqual([{ name: 'plan', actions: ['organizations:List*', 'organizations:Describe*'] }]);
  });

  it('only plan and collect assume the member role, only the orchestrator starts executions, only the API invokes a function', () => {
    expect(functionsAllowed('sts:AssumeRole')).toEqual(['plan', 'collect']);
    const assume = accessOf('plan').statements.find((statement) => actionsOf(statement).includes('sts:AssumeRole'))!;
    expect(assume.Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/PalisadeScanRole']] });
    expect(functionsAllowed('states:StartExecution')).toEqual(['orchestrator']);
    expect(accessOf('orchestrator').statements.find((statement) => actionsOf(statement).includes('states:StartExecution'))!.Resource).toEqual({ Ref: logicalIdOf('AWS::StepFunctions::StateMachine', 'ScanStateMachine') });
    expect(functionsAllowed('lambda:InvokeFunction')).toEqual(['api']);
    expect(accessOf('api').statements.find((statement) => actionsOf(statement).includes('lambda:InvokeFunction'))!.Resource).toEqual(getAtt(logicalIdOf('AWS::Lambda::Function', 'OrchestratorFunction')));
    expect(functionsAllowed('organizations:List*')).toEqual(['plan']);
  });

  it('grants the secret, the parts and the reports to the functions that use them, and writes each function\'s own log group only', () => {
    expect(functionsAllowed('secretsmanager:GetSecretValue')).toEqual(['api', 'orchestrator', 'plan', 'collect', 'evaluate', 'finalize']);
    expect(functionsAllowed('dynamodb:PutItem')).toEqual(FUNCTIONS);
    const parts = logicalIdOf('AWS::S3::Bucket', 'PartsBucket');
    const reports = logicalIdOf('AWS::S3::Bucket', 'ReportsBucket');
    const objectsOf = (bucket: string) => ({ 'Fn::Join': ['', [getAtt(bucket), '/*']] });
    const onBucket = (action: string, bucket: string) => FUNCTIONS.filter((name) => accessOf(name).statements.some((statement) => actionsOf(statement).includes(action) && JSON.stringify(statement.Resource) === JSON.stringify(objectsOf(bucket))));
    expect(onBucket('s3:PutObject', parts)).toEqual(['plan', 'collect', 'evaluate', 'finalize', 'recordFailure']);
    expect(onBucket('s3:GetObject', parts)).toEqual(['plan', 'collect', 'evaluate', 'finalize', 'recordFailure']);
    expect(onBucket('s3:PutObject', reports)).toEqual(['finalize']);
    // Finalize reads the reports back for the export to S3 integrations, and deletes those of a scan whose files failed.
    expect(onBucket('s3:GetObject', reports)).toEqual(['api', 'finalize']);
    expect(onBucket('s3:DeleteObject', reports)).toEqual(['finalize']);
    expect(onBucket('s3:AbortMultipartUpload', reports)).toEqual(['finalize']);
    for (const name of FUNCTIONS) {
      const logs = accessOf(name).statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('logs:')));
      expect(logs.map((statement) => statement.Resource), name).toEqual([getAtt(logicalIdOf('AWS::Logs::LogGroup', `${FUNCTION_IDS[name].replace('Function', '')}Logs`))]);
    }
  });
});

describe('scan state machine', () => {
  let definition: AslDefinition;
  let handlers: Record<string, string>;
  beforeAll(() => {
    definition = definitionOf(template);
    handlers = lambdaHandlersOf(template);
  });
  const handlerOf = (state: AslState | undefined) => handlers[String(state?.Resource)];

  it('is a standard state machine logging everything, traced, with an execution timeout', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
      TracingConfiguration: { Enabled: true },
    });
    expect(definition.TimeoutSeconds).toBe(7200);
  });

  it('runs Plan → Accounts → Finalize → Done, failures through ScanFailed → Failed', () => {
    const states = definition.States;
    expect(definition.StartAt).toBe('Plan');
    expect(Object.keys(states).sort()).toEqual(['Accounts', 'Done', 'Failed', 'Finalize', 'Plan', 'ScanFailed']);
    expect(states.Plan).toMatchObject({ Type: 'Task', Next: 'Accounts', ResultPath: '$.plan', Parameters: { 'tenantId.$': '$.tenantId', 'scanId.$': '$.scanId' } });
    expect(handlerOf(states.Plan)).toBe('plan.handler');
    expect(states.Accounts).toMatchObject({ Type: 'Map', Next: 'Finalize', ResultPath: null, ItemsPath: '$.plan.accounts', MaxConcurrency: 10 });
    expect(states.Finalize).toMatchObject({ Type: 'Task', Next: 'Done', Parameters: { 'tenantId.$': '$.tenantId', 'scanId.$': '$.scanId' } });
    expect(handlerOf(states.Finalize)).toBe('finalize.handler');
    expect(states.Done).toEqual({ Type: 'Succeed' });
    for (const name of ['Plan', 'Accounts', 'Finalize']) expect(states[name]!.Catch, name).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'ScanFailed' }]);
    expect(states.ScanFailed).toMatchObject({ Next: 'Failed', Parameters: { kind: 'scan', 'tenantId.$': '$.tenantId', 'scanId.$': '$.scanId', 'error.$': '$.error' } });
    expect(handlerOf(states.ScanFailed)).toBe('record-failure.handler');
    expect(states.Failed!.Type).toBe('Fail');
  });

  it('maps each account to Collect (a Map over its groups) → Evaluate, with failures recorded per group and per account', () => {
    const accounts = definition.States.Accounts!;
    expect(accounts.ItemSelector).toEqual({ 'tenantId.$': '$.tenantId', 'scanId.$': '$.scanId', 'accountId.$': '$$.Map.Item.Value.accountId', 'groups.$': '$$.Map.Item.Value.groups' });
    const perAccount = accounts.ItemProcessor!;
    expect(perAccount.ProcessorConfig).toEqual({ Mode: 'INLINE' });
    expect(perAccount.StartAt).toBe('Collect');
    const collect = perAccount.States.Collect!;
    expect(collect).toMatchObject({ Type: 'Map', Next: 'Evaluate', ItemsPath: '$.groups', MaxConcurrency: 4, ResultPath: null });
    expect(collect.ItemSelector).toEqual({ 'tenantId.$': '$.tenantId', 'scanId.$': '$.scanId', 'accountId.$': '$.accountId', 'group.$': '$$.Map.Item.Value' });
    const perGroup = collect.ItemProcessor!;
    expect(perGroup).toMatchObject({ StartAt: 'CollectPart', ProcessorConfig: { Mode: 'INLINE' } });
    expect(Object.keys(perGroup.States).sort()).toEqual(['CollectFailed', 'CollectPart']);
    expect(handlerOf(perGroup.States.CollectPart)).toBe('collect.handler');
    expect(perGroup.States.CollectPart!.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'CollectFailed' }]);
    expect(perGroup.States.CollectFailed).toMatchObject({ End: true, Parameters: { kind: 'collect', 'tenantId.$': '$.tenantId', 'scanId.$': '$.scanId', 'accountId.$': '$.accountId', 'group.$': '$.group', 'error.$': '$.error' } });
    expect(handlerOf(perGroup.States.CollectFailed)).toBe('record-failure.handler');
    expect(perAccount.States.Evaluate).toMatchObject({ End: true, Parameters: { 'tenantId.$': '$.tenantId', 'scanId.$': '$.scanId', 'accountId.$': '$.accountId' } });
    expect(handlerOf(perAccount.States.Evaluate)).toBe('evaluate.handler');
    expect(perAccount.States.Evaluate!.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'EvaluateFailed' }]);
    expect(perAccount.States.EvaluateFailed).toMatchObject({ End: true, Parameters: { kind: 'evaluate', 'error.$': '$.error' } });
  });

  it('retries Lambda service errors, timeouts and throttling 3 times with backoff', () => {
    const retry = [{ ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException', 'States.Timeout', 'TaskThrottled'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2, MaxDelaySeconds: 30 }];
    const perAccount = definition.States.Accounts!.ItemProcessor!;
    for (const state of [definition.States.Plan, definition.States.Finalize, perAccount.States.Evaluate, perAccount.States.Collect!.ItemProcessor!.States.CollectPart]) expect(state!.Retry).toEqual(retry);
  });

  it('function ARNs resolve to stand-ins named by logical id', () => {
    expect(definition.States.Plan!.Resource).toBe(localFunctionArn(logicalIdOf('AWS::Lambda::Function', 'PlanFunction')));
    expect(Object.values(handlers).sort()).toEqual(Object.values(HANDLER_MODULES).map((module) => `${module}.handler`).sort());
  });

  it('definitionOf refuses a template without exactly one state machine, or an intrinsic it cannot resolve', () => {
    expect(() => definitionOf({ Resources: {} })).toThrow(/one AWS::StepFunctions::StateMachine, found 0/);
    const withImport = { Resources: { Machine: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: { 'Fn::Join': ['', ['{"StartAt":"', { 'Fn::ImportValue': 'x' }, '"}']] } } } } };
    expect(() => definitionOf(withImport)).toThrow(/cannot resolve/);
  });
});

describe('API and events', () => {
  it('serves the API function through an HTTP API with payload format 2.0, access logs and throttling', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0', IntegrationUri: getAtt(logicalIdOf('AWS::Lambda::Function', 'ApiFunction')) });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: { DestinationArn: getAtt(logicalIdOf('AWS::Logs::LogGroup', 'ApiAccessLogs')), Format: Match.anyValue() },
      DefaultRouteSettings: { ThrottlingBurstLimit: 200, ThrottlingRateLimit: 100 },
    });
  });

  it('routes CloudTrail change events from the central bus and the default bus to the orchestrator, with retries and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: CHANGE_EVENT_BUS_NAME });
    const orchestrator = getAtt(logicalIdOf('AWS::Lambda::Function', 'OrchestratorFunction'));
    const queue = getAtt(logicalIdOf('AWS::SQS::Queue', 'EventDeadLetterQueue'));
    const rules = ofType('AWS::Events::Rule');
    expect(rules).toHaveLength(2);
    expect(rules.map(([, rule]) => (rule.Properties.EventBusName ? 'central' : 'default')).sort()).toEqual(['central', 'default']);
    for (const [id, rule] of rules) {
      expect(rule.Properties.EventPattern, id).toEqual({ 'detail-type': ['AWS API Call via CloudTrail'], source: [...CHANGE_EVENT_SOURCES] });
      expect(rule.Properties.Targets, id).toEqual([expect.objectContaining({ Arn: orchestrator, DeadLetterConfig: { Arn: queue }, RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 3600 } })]);
    }
  });

  it('lets only this account put events on the central bus when no organization is given', () => {
    const policies = ofType('AWS::Events::EventBusPolicy');
    expect(policies).toHaveLength(1);
    expect(policies[0]![1].Properties.Statement).toMatchObject({ Effect: 'Allow', Action: 'events:PutEvents', Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } } });
  });

  it('ticks the orchestrator every minute through EventBridge Scheduler, with a role that may invoke only the orchestrator', () => {
    const orchestrator = getAtt(logicalIdOf('AWS::Lambda::Function', 'OrchestratorFunction'));
    const schedulerRole = logicalIdOf('AWS::IAM::Role', 'SchedulerRole');
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(1 minute)', Target: Match.objectLike({ Arn: orchestrator, Input: '{"kind":"schedules"}', RoleArn: getAtt(schedulerRole) }) });
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, policy]) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: schedulerRole }]))
      .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
    expect(statements.filter((statement) => actionsOf(statement).includes('lambda:InvokeFunction')).map((statement) => statement.Resource)).toEqual([orchestrator]);
  });

  it('outputs the API URL, state machine, table, buckets and bus', () => {
    expect(Object.keys(template.toJSON().Outputs as object).sort()).toEqual(['ApiUrl', 'ChangeEventBusArn', 'PartsBucketName', 'ReportsBucketName', 'StateMachineArn', 'TableName']);
  });

  it('listens to the sources of every change-event rule of the engine, and to no other', () => {
    const sources = new Set(CHANGE_EVENT_RULES.map((rule) => `aws.${rule.source.replace(/\.amazonaws\.com$/, '')}`));
    expect([...CHANGE_EVENT_SOURCES].sort()).toEqual([...sources].sort());
  });
});

describe('AWS Solutions checks (cdk-nag)', () => {
  it('synthesis leaves no finding standing', () => {
    expect(synthesis.validation.findings).toEqual([]);
  });

  it('acknowledges exactly these findings, each with a reason', () => {
    const keyed = synthesis.validation.acknowledgments.map(({ path, id }) => `${path.replace(/^Palisade\//, '')} ${id.replace(/<([A-Za-z]+?)[0-9A-F]{8}\.Arn>/g, '<$1.Arn>')}`);
    expect(keyed.sort()).toEqual(
      [
        'AccessLogBucket AwsSolutions-S1',
        'MasterKeySecret AwsSolutions-SMG4',
        'HttpApi/DefaultRoute AwsSolutions-APIG4',
        'EventDeadLetterQueue AwsSolutions-SQS3',
        'ApiRole AwsSolutions-IAM5[Resource::<ReportsBucket.Arn>/*]',
        'FinalizeRole AwsSolutions-IAM5[Resource::<ReportsBucket.Arn>/*]',
        ...['PlanRole', 'CollectRole', 'EvaluateRole', 'FinalizeRole', 'RecordFailureRole'].map((role) => `${role} AwsSolutions-IAM5[Resource::<PartsBucket.Arn>/*]`),
        ...['PlanRole', 'CollectRole'].map((role) => `${role} AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/PalisadeScanRole]`),
        'PlanRole AwsSolutions-IAM5[Action::organizations:List*]',
        'PlanRole AwsSolutions-IAM5[Action::organizations:Describe*]',
        'PlanRole AwsSolutions-IAM5[Resource::*]',
        ...['PlanFunction', 'CollectFunction', 'EvaluateFunction', 'FinalizeFunction', 'RecordFailureFunction'].map((fn) => `ScanStateMachine/Role AwsSolutions-IAM5[Resource::<${fn}.Arn>:*]`),
        'ScanStateMachine/Role AwsSolutions-IAM5[Resource::*]',
      ].sort(),
    );
    for (const acknowledgment of synthesis.validation.acknowledgments) expect(acknowledgment.reason.length, acknowledgment.id).toBeGreaterThan(40);
  });
});

describe('member-account template', () => {
  // CloudFormation's short forms (`!Ref x`, `!Equals [a, b]`) read as the long forms.
  const cloudFormationTags: Tags = ['Ref', 'Sub', 'GetAtt', 'Equals', 'Not', 'And', 'Or', 'If', 'Join', 'Select', 'Split'].flatMap((name) => {
    const key = name === 'Ref' ? 'Ref' : `Fn::${name}`;
    return [
      { tag: `!${name}`, resolve: (value: string) => ({ [key]: value }) },
      { tag: `!${name}`, collection: 'seq' as const, resolve: (value: YAMLMap.Parsed | YAMLSeq.Parsed) => ({ [key]: value.toJSON() }) },
    ];
  });
  const path = fileURLToPath(new URL('../templates/member-account.yaml', import.meta.url));
  const memberTemplate = parse(readFileSync(path, 'utf8'), { customTags: cloudFormationTags }) as { Parameters: Record<string, unknown>; Conditions: Record<string, unknown>; Resources: Record<string, Resource> };

  it('creates the scan role trusting the scanner account with the external id, SecurityAudit and ViewOnlyAccess, sessions of 1 hour', () => {
    expect(Object.keys(memberTemplate.Parameters)).toEqual(expect.arrayContaining(['ScannerAccountId', 'ExternalId', 'CentralEventBusArn', 'RoleName']));
    const role = memberTemplate.Resources.ScanRole!;
    expect(role).toMatchObject({ Type: 'AWS::IAM::Role', Condition: 'CreateRole' });
    expect(role.Properties).toMatchObject({ RoleName: { Ref: 'RoleName' }, MaxSessionDuration: 3600 });
    expect((role.Properties.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement).toEqual([
      { Sid: 'PalisadeScanner', Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${ScannerAccountId}:root' } }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } } },
    ]);
    expect(role.Properties.ManagedPolicyArns).toEqual([{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/SecurityAudit' }, { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/job-function/ViewOnlyAccess' }]);
  });

  it('creates the role in one region only (IAM is global) and forwards events from every region but the deployment account', () => {
    expect(memberTemplate.Conditions).toEqual({
      CreateRole: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, { Ref: 'RoleRegion' }] },
      Forward: { 'Fn::And': [{ 'Fn::Equals': [{ Ref: 'ForwardChangeEvents' }, 'true'] }, { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, { Ref: 'ScannerAccountId' }] }] }] },
    });
    expect([memberTemplate.Resources.ForwardRole!.Condition, memberTemplate.Resources.ForwardChangeEventsRule!.Condition]).toEqual(['Forward', 'Forward']);
  });

  it('forwards the change events of the stack\'s sources to the central bus with a role that may only put events there', () => {
    const rule = memberTemplate.Resources.ForwardChangeEventsRule!;
    expect(rule.Properties.EventPattern).toEqual({ 'detail-type': ['AWS API Call via CloudTrail'], source: [...CHANGE_EVENT_SOURCES] });
    expect(rule.Properties.Targets).toEqual([{ Id: 'palisade-central-bus', Arn: { Ref: 'CentralEventBusArn' }, RoleArn: { 'Fn::GetAtt': 'ForwardRole.Arn' } }]);
    const policies = memberTemplate.Resources.ForwardRole!.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[];
    expect(policies.flatMap((policy) => policy.PolicyDocument.Statement)).toEqual([{ Effect: 'Allow', Action: 'events:PutEvents', Resource: { Ref: 'CentralEventBusArn' } }]);
  });
});

describe('settings from app context', () => {
  it('reads and checks each setting', () => {
    expect(stackSettingsOf({})).toEqual({});
    expect(stackSettingsOf({ [CONTEXT_KEYS.organizationId]: 'o-abcdef1234', [CONTEXT_KEYS.accountConcurrency]: '25', [CONTEXT_KEYS.groupConcurrency]: 8, [CONTEXT_KEYS.memberRoleName]: 'Scanner', [CONTEXT_KEYS.externalId]: 'x-1' })).toEqual({
      organizationId: 'o-abcdef1234',
      accountConcurrency: 25,
      groupConcurrency: 8,
      memberRoleName: 'Scanner',
      externalId: 'x-1',
    });
    expect(() => stackSettingsOf({ [CONTEXT_KEYS.organizationId]: 'org-1' })).toThrow(/not an organization id/);
    expect(() => stackSettingsOf({ [CONTEXT_KEYS.accountConcurrency]: '0' })).toThrow(/whole number from 1 to 1000/);
    expect(() => stackSettingsOf({ [CONTEXT_KEYS.memberRoleName]: 'a role' })).toThrow(/not an IAM role name/);
  });
});
