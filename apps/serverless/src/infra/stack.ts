/**
 * The platform on AWS serverless services, as one CDK stack: the API on an HTTP API and Lambda, a
 * scan as a Step Functions execution fanning out over accounts and their collection groups, the
 * store in one DynamoDB table, scan parts and reports in S3, the master key of sealed secrets in
 * Secrets Manager, change events and the schedule tick through EventBridge. One customer managed
 * KMS key encrypts every store of data the stack owns (the access-log bucket excepted: S3 delivers
 * server access logs only to SSE-S3 buckets).
 *
 * Every function has a role of its own with the statements it needs written out (no grant helpers
 * that add wildcard actions), so the policy of each one reads as what it may do. The state names
 * of the state machine are a contract: the local runner of the same definition binds handlers to
 * them (asl.ts).
 */
import { Aws, CfnOutput, Duration, RemovalPolicy, Size, Stack, Validations } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpStage, LogGroupLogDestination, PayloadFormatVersion } from 'aws-cdk-lib/aws-apigatewayv2';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { GlobalSecondaryIndexProps } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { AccountRootPrincipal, AnyPrincipal, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Architecture, Code, Function as LambdaFunctionResource, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Chain, DefinitionBody, Fail, JsonPath, LogLevel, Map as MapState, ProcessorMode, StateMachine, StateMachineType, Succeed, TaskInput } from 'aws-cdk-lib/aws-stepfunctions';
import type { RetryProps } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { dynamoTableDefinition } from '@palisade/store/dynamodb';

export interface PalisadeStackProps extends StackProps {
  /** Directory of the bundled handlers (`api.mjs`, `orchestrator.mjs`, …), as `bundleHandlers` writes them. */
  readonly handlersDir: string;
  /** Accounts of one scan collected at once (the outer Map's MaxConcurrency). Default 10. */
  readonly accountConcurrency?: number;
  /** Collection groups (global + one per region) of one account collected at once (the inner Map's). Default 4. */
  readonly groupConcurrency?: number;
  /** The AWS Organization whose accounts may send change events to the central bus; without it only this account may. */
  readonly organizationId?: string;
  /** The role the scanning functions assume in every scanned account (member-account.yaml creates it). Default PalisadeScanRole. */
  readonly memberRoleName?: string;
  /** The external id the member role requires, handed to the scanning functions. */
  readonly externalId?: string;
}

/** The functions of the platform: construct id → handler module (the bundled file's name without `.mjs`). */
export const HANDLER_MODULES = {
  api: 'api',
  orchestrator: 'orchestrator',
  plan: 'plan',
  collect: 'collect',
  evaluate: 'evaluate',
  finalize: 'finalize',
  recordFailure: 'record-failure',
} as const;
export type FunctionName = keyof typeof HANDLER_MODULES;

/**
 * Sources of the CloudTrail management events the change-event mapping of the engine reads
 * (CHANGE_EVENT_RULES, as EventBridge names them: `aws.` and the service); a test keeps the two equal.
 */
export const CHANGE_EVENT_SOURCES = ['aws.s3', 'aws.ec2', 'aws.iam', 'aws.cloudtrail', 'aws.kms', 'aws.rds', 'aws.config', 'aws.guardduty', 'aws.access-analyzer'] as const;

/** The name of the central bus member accounts forward their change events to. */
export const CHANGE_EVENT_BUS_NAME = 'palisade-changes';

interface FunctionSettings {
  readonly memoryMb: number;
  readonly timeout: Duration;
  readonly description: string;
  /** `/tmp` beyond the default 512 MB. */
  readonly ephemeralStorageMb?: number;
}

const FUNCTION_SETTINGS: Readonly<Record<FunctionName, FunctionSettings>> = {
  // The HTTP API waits at most 30 s for its integration.
  api: { memoryMb: 1024, timeout: Duration.seconds(29), description: 'Palisade REST API' },
  orchestrator: { memoryMb: 512, timeout: Duration.minutes(1), description: 'Starts scans: API requests, due schedules, change events' },
  plan: { memoryMb: 1024, timeout: Duration.minutes(5), description: 'Plans a scan: accounts and their collection groups' },
  collect: { memoryMb: 1769, timeout: Duration.minutes(15), description: 'Collects one group of one account into a part' },
  evaluate: { memoryMb: 3008, timeout: Duration.minutes(15), description: 'Evaluates one account from its parts' },
  // The report files of a scan (about 5.4 KB per finding in all) go straight to the reports bucket as
  // multipart uploads, held in memory a few parts at a time: nothing is staged in /tmp. The margin
  // over the default 512 MB is for what the runtime and its libraries may spill, not for reports.
  finalize: { memoryMb: 3008, timeout: Duration.minutes(15), description: 'Merges the accounts\' outcomes, writes the reports', ephemeralStorageMb: 2048 },
  recordFailure: { memoryMb: 256, timeout: Duration.minutes(1), description: 'Records a failed task or scan' },
};

/** What each function may reach, beyond writing its own log group. */
interface FunctionAccess {
  readonly table?: boolean;
  readonly partsBucket?: 'read-write';
  readonly reportsBucket?: 'read' | 'write';
  readonly masterKeySecret?: boolean;
}

const FUNCTION_ACCESS: Readonly<Record<FunctionName, FunctionAccess>> = {
  api: { table: true, reportsBucket: 'read', masterKeySecret: true },
  orchestrator: { table: true, masterKeySecret: true },
  plan: { table: true, partsBucket: 'read-write', masterKeySecret: true },
  collect: { table: true, partsBucket: 'read-write', masterKeySecret: true },
  evaluate: { table: true, partsBucket: 'read-write', masterKeySecret: true },
  finalize: { table: true, partsBucket: 'read-write', reportsBucket: 'write', masterKeySecret: true },
  recordFailure: { table: true, partsBucket: 'read-write' },
};

/** Item-level DynamoDB actions of the store (transactions and batches authorize as the item actions they hold). */
const TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];

/** The retry of every task that runs a function: Lambda's own transient errors, timeouts, and throttling the handler reports. */
const TASK_RETRY: RetryProps = {
  errors: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException', 'States.Timeout', 'TaskThrottled'],
  interval: Duration.seconds(2),
  maxAttempts: 3,
  backoffRate: 2,
  maxDelay: Duration.seconds(30),
};

export class PalisadeStack extends Stack {
  readonly key: Key;
  readonly table: Table;
  readonly partsBucket: Bucket;
  readonly reportsBucket: Bucket;
  readonly masterKeySecret: Secret;
  readonly functions: Readonly<Record<FunctionName, LambdaFunctionResource>>;
  readonly stateMachine: StateMachine;
  readonly changeEventBus: EventBus;
  readonly api: HttpApi;
  /** The store's own description of its table (keys and indexes). */
  private readonly tableDefinition: TableDefinition = dynamoTableDefinition('palisade');

  constructor(scope: Construct, id: string, props: PalisadeStackProps) {
    super(scope, id, props);
    const memberRoleName = props.memberRoleName ?? 'PalisadeScanRole';
    const accountConcurrency = props.accountConcurrency ?? 10;
    const groupConcurrency = props.groupConcurrency ?? 4;

    this.key = new Key(this, 'DataKey', {
      description: 'Palisade: encrypts the table, buckets, master key secret, queues and logs',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts a log group with the key only when the key policy lets the service
    // use it for log groups of this account and region.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchLogsOfThisAccount',
        principals: [new ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*` } },
      }),
    );
    // EventBridge writes the events its rules could not deliver to the encrypted dead-letter queue
    // (the schedule does so through its own role).
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'EventDeliveryToEncryptedQueue',
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );

    this.table = this.createTable();

    const accessLogBucket = new Bucket(this, 'AccessLogBucket', {
      // S3 server access logging delivers only to buckets encrypted with S3 managed keys.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogBucket).acknowledge({ id: 'AwsSolutions-S1', reason: 'This is the server access log bucket of the other buckets; logging it into itself would log its own log deliveries.' });

    this.partsBucket = new Bucket(this, 'PartsBucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogBucket,
      serverAccessLogsPrefix: 'parts/',
      // Parts live from collection to evaluation; a week covers a scan retried after a failure.
      lifecycleRules: [{ id: 'expire-parts', expiration: Duration.days(7), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.reportsBucket = new Bucket(this, 'ReportsBucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogBucket,
      serverAccessLogsPrefix: 'reports/',
      lifecycleRules: [{ id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.masterKeySecret = new Secret(this, 'MasterKeySecret', {
      description: 'Palisade master key (32 bytes as 64 hex characters): seals the cloud credentials stored in the table',
      encryptionKey: this.key,
      generateSecretString: {
        passwordLength: 64,
        excludeUppercase: true,
        excludePunctuation: true,
        includeSpace: false,
        // Lower-case letters past f are left out: what remains is hexadecimal.
        excludeCharacters: 'ghijklmnopqrstuvwxyz',
        requireEachIncludedType: false,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.masterKeySecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'The master key wraps the data key of every sealed secret in the table; a new value must re-wrap them all first (palisade admin rotate-master-key), which a Secrets Manager rotation cannot do.',
    });

    const functions = {} as Record<FunctionName, LambdaFunctionResource>;
    const commonEnvironment: Record<string, string> = {
      PALISADE_TABLE: this.table.tableName,
      PALISADE_PARTS_BUCKET: this.partsBucket.bucketName,
      PALISADE_REPORTS_BUCKET: this.reportsBucket.bucketName,
      PALISADE_MASTER_KEY_SECRET_ARN: this.masterKeySecret.secretArn,
      PALISADE_MEMBER_ROLE_NAME: memberRoleName,
      NODE_OPTIONS: '--enable-source-maps',
    };
    const code = Code.fromAsset(props.handlersDir);
    for (const name of Object.keys(HANDLER_MODULES) as FunctionName[]) {
      functions[name] = this.createFunction(name, code, commonEnvironment);
    }
    this.functions = functions;

    // The scanning functions read every account, this one included, only through the member role.
    const assumeMemberRole = new PolicyStatement({
      sid: 'AssumeMemberScanRole',
      actions: ['sts:AssumeRole'],
      resources: [`arn:${Aws.PARTITION}:iam::*:role/${memberRoleName}`],
      ...(props.organizationId ? { conditions: { StringEquals: { 'aws:ResourceOrgID': props.organizationId } } } : {}),
    });
    for (const name of ['plan', 'collect'] as const) {
      functions[name].addToRolePolicy(assumeMemberRole);
      if (props.externalId) functions[name].addEnvironment('PALISADE_MEMBER_EXTERNAL_ID', props.externalId);
      acknowledge(functions[name].role!, 'AwsSolutions-IAM5', `Resource::arn:<AWS::Partition>:iam::*:role/${memberRoleName}`, 'Cross-account scanning: the role of the same name in any scanned account (deployed by the member-account StackSet), which trusts only this account with an external id.');
    }
    functions.plan.addToRolePolicy(new PolicyStatement({ sid: 'ReadOrganization', actions: ['organizations:List*', 'organizations:Describe*'], resources: ['*'] }));
    for (const [finding, reason] of [
      ['Action::organizations:List*', 'Read-only Organizations calls that discover the accounts and organizational units to scan; the set grows with the discovery, all of it reads.'],
      ['Action::organizations:Describe*', 'Read-only Organizations calls that describe the organization, its accounts and organizational units.'],
      ['Resource::*', 'Organizations list calls (ListAccounts, ListRoots) have no resource-level permissions.'],
    ] as const) {
      acknowledge(functions.plan.role!, 'AwsSolutions-IAM5', finding, reason);
    }

    this.stateMachine = this.createStateMachine(functions, accountConcurrency, groupConcurrency);

    functions.orchestrator.addEnvironment('PALISADE_STATE_MACHINE_ARN', this.stateMachine.stateMachineArn);
    functions.orchestrator.addToRolePolicy(new PolicyStatement({ sid: 'StartScans', actions: ['states:StartExecution'], resources: [this.stateMachine.stateMachineArn] }));
    functions.api.addEnvironment('PALISADE_ORCHESTRATOR_FUNCTION', functions.orchestrator.functionName);
    functions.api.addToRolePolicy(new PolicyStatement({ sid: 'InvokeOrchestrator', actions: ['lambda:InvokeFunction'], resources: [functions.orchestrator.functionArn] }));

    this.api = this.createHttpApi(functions.api);
    this.changeEventBus = this.createEventRouting(functions.orchestrator, props.organizationId);

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Base URL of the REST API' });
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachineArn });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'PartsBucketName', { value: this.partsBucket.bucketName });
    new CfnOutput(this, 'ReportsBucketName', { value: this.reportsBucket.bucketName });
    new CfnOutput(this, 'ChangeEventBusArn', { value: this.changeEventBus.eventBusArn, description: 'Central bus: the CentralEventBusArn parameter of member-account.yaml' });
  }

  /** The store's table, keys and indexes as the store defines them. */
  private createTable(): Table {
    const table = new Table(this, 'Table', {
      ...tableKeysOf(this.tableDefinition),
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of globalIndexesOf(this.tableDefinition)) table.addGlobalSecondaryIndex(index);
    return table;
  }

  private createFunction(name: FunctionName, code: Code, environment: Record<string, string>): LambdaFunctionResource {
    const settings = FUNCTION_SETTINGS[name];
    const access = FUNCTION_ACCESS[name];
    const id = `${name[0]!.toUpperCase()}${name.slice(1)}`;
    const logGroup = new LogGroup(this, `${id}Logs`, { retention: RetentionDays.THREE_MONTHS, encryptionKey: this.key, removalPolicy: RemovalPolicy.RETAIN });
    const role = new Role(this, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: `Palisade ${name} function` });
    role.addToPolicy(new PolicyStatement({ sid: 'WriteOwnLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));

    const viaServices: string[] = [];
    if (access.table) {
      const indexArns = globalIndexesOf(this.tableDefinition).map((index) => `${this.table.tableArn}/index/${index.indexName}`);
      role.addToPolicy(new PolicyStatement({ sid: 'ReadWriteTable', actions: TABLE_ACTIONS, resources: [this.table.tableArn, ...indexArns] }));
      viaServices.push(`dynamodb.${Aws.REGION}.amazonaws.com`);
    }
    if (access.partsBucket) {
      role.addToPolicy(new PolicyStatement({ sid: 'ListParts', actions: ['s3:ListBucket'], resources: [this.partsBucket.bucketArn] }));
      role.addToPolicy(new PolicyStatement({ sid: 'ReadWriteParts', actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'], resources: [this.partsBucket.arnForObjects('*')] }));
      acknowledge(role, 'AwsSolutions-IAM5', `Resource::<${this.logicalIdOf(this.partsBucket)}.Arn>/*`, 'Objects of the parts bucket: a scan writes and reads parts under keys it names at run time (scan, account, group).');
    }
    if (access.reportsBucket) {
      if (access.reportsBucket === 'write') {
        // Multipart uploads of the report files, aborted when a scan's files are given up, the files
        // of a failed finalize deleted; read back (listed, got) for the export to S3 integrations.
        role.addToPolicy(new PolicyStatement({ sid: 'ListReports', actions: ['s3:ListBucket'], resources: [this.reportsBucket.bucketArn] }));
        role.addToPolicy(
          new PolicyStatement({ sid: 'ReadWriteReports', actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject'], resources: [this.reportsBucket.arnForObjects('*')] }),
        );
      } else {
        role.addToPolicy(new PolicyStatement({ sid: 'ReadReports', actions: ['s3:GetObject'], resources: [this.reportsBucket.arnForObjects('*')] }));
      }
      acknowledge(role, 'AwsSolutions-IAM5', `Resource::<${this.logicalIdOf(this.reportsBucket)}.Arn>/*`, 'Objects of the reports bucket: one report per scan and format, under keys named at run time.');
    }
    if (access.partsBucket || access.reportsBucket) viaServices.push(`s3.${Aws.REGION}.amazonaws.com`);
    if (access.masterKeySecret) {
      role.addToPolicy(new PolicyStatement({ sid: 'ReadMasterKey', actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [this.masterKeySecret.secretArn] }));
      viaServices.push(`secretsmanager.${Aws.REGION}.amazonaws.com`);
    }
    if (viaServices.length > 0) {
      // The key serves this function only through the services whose data it encrypts.
      role.addToPolicy(
        new PolicyStatement({
          sid: 'UseDataKeyThroughServices',
          actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
          resources: [this.key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': viaServices } },
        }),
      );
    }

    return new LambdaFunctionResource(this, `${id}Function`, {
      description: settings.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      code,
      handler: `${HANDLER_MODULES[name]}.handler`,
      memorySize: settings.memoryMb,
      ...(settings.ephemeralStorageMb ? { ephemeralStorageSize: Size.mebibytes(settings.ephemeralStorageMb) } : {}),
      timeout: settings.timeout,
      role,
      logGroup,
      environment: { ...environment },
    });
  }

  private createStateMachine(functions: Readonly<Record<FunctionName, LambdaFunctionResource>>, accountConcurrency: number, groupConcurrency: number): StateMachine {
    const invoke = (id: string, fn: LambdaFunctionResource, payload: Record<string, unknown>, resultPath?: string) =>
      new LambdaInvoke(this, id, { lambdaFunction: fn, payload: TaskInput.fromObject(payload), payloadResponseOnly: true, retryOnServiceExceptions: false, ...(resultPath ? { resultPath } : {}) });
    const catchInto = { errors: ['States.ALL'], resultPath: '$.error' };

    const scanFailed = invoke('ScanFailed', functions.recordFailure, { kind: 'scan', tenantId: JsonPath.stringAt('$.tenantId'), scanId: JsonPath.stringAt('$.scanId'), error: JsonPath.objectAt('$.error') }, JsonPath.DISCARD);
    const failed = new Fail(this, 'Failed', { error: 'ScanFailed', cause: 'A scan step failed; the scan records the error.' });
    const failure = scanFailed.next(failed);

    const plan = invoke('Plan', functions.plan, { tenantId: JsonPath.stringAt('$.tenantId'), scanId: JsonPath.stringAt('$.scanId') }, '$.plan');
    plan.addRetry(TASK_RETRY);
    plan.addCatch(failure, catchInto);

    const collectPart = invoke('CollectPart', functions.collect, {
      tenantId: JsonPath.stringAt('$.tenantId'),
      scanId: JsonPath.stringAt('$.scanId'),
      accountId: JsonPath.stringAt('$.accountId'),
      group: JsonPath.objectAt('$.group'),
    });
    collectPart.addRetry(TASK_RETRY);
    const collectFailed = invoke('CollectFailed', functions.recordFailure, {
      kind: 'collect',
      tenantId: JsonPath.stringAt('$.tenantId'),
      scanId: JsonPath.stringAt('$.scanId'),
      accountId: JsonPath.stringAt('$.accountId'),
      group: JsonPath.objectAt('$.group'),
      error: JsonPath.objectAt('$.error'),
    });
    collectPart.addCatch(collectFailed, catchInto);

    // Inline Maps keep a whole scan in one execution's history, which holds at most 25,000 events:
    // each account costs about 10 plus about 6 per collection group, so past ~1,000 accounts (or
    // fewer with many regions) the outer Map becomes a Distributed Map (ProcessorMode.DISTRIBUTED),
    // whose iterations run as child executions with histories of their own.
    const collect = new MapState(this, 'Collect', {
      itemsPath: '$.groups',
      maxConcurrency: groupConcurrency,
      itemSelector: {
        tenantId: JsonPath.stringAt('$.tenantId'),
        scanId: JsonPath.stringAt('$.scanId'),
        accountId: JsonPath.stringAt('$.accountId'),
        group: JsonPath.objectAt('$$.Map.Item.Value'),
      },
      resultPath: JsonPath.DISCARD,
    });
    collect.itemProcessor(collectPart, { mode: ProcessorMode.INLINE });

    const evaluate = invoke('Evaluate', functions.evaluate, { tenantId: JsonPath.stringAt('$.tenantId'), scanId: JsonPath.stringAt('$.scanId'), accountId: JsonPath.stringAt('$.accountId') });
    evaluate.addRetry(TASK_RETRY);
    const evaluateFailed = invoke('EvaluateFailed', functions.recordFailure, {
      kind: 'evaluate',
      tenantId: JsonPath.stringAt('$.tenantId'),
      scanId: JsonPath.stringAt('$.scanId'),
      accountId: JsonPath.stringAt('$.accountId'),
      error: JsonPath.objectAt('$.error'),
    });
    evaluate.addCatch(evaluateFailed, catchInto);

    const accounts = new MapState(this, 'Accounts', {
      itemsPath: '$.plan.accounts',
      maxConcurrency: accountConcurrency,
      itemSelector: {
        tenantId: JsonPath.stringAt('$.tenantId'),
        scanId: JsonPath.stringAt('$.scanId'),
        accountId: JsonPath.stringAt('$$.Map.Item.Value.accountId'),
        groups: JsonPath.listAt('$$.Map.Item.Value.groups'),
      },
      resultPath: JsonPath.DISCARD,
    });
    accounts.itemProcessor(Chain.start(collect).next(evaluate), { mode: ProcessorMode.INLINE });
    accounts.addCatch(failure, catchInto);

    const finalize = invoke('Finalize', functions.finalize, { tenantId: JsonPath.stringAt('$.tenantId'), scanId: JsonPath.stringAt('$.scanId') }, '$.result');
    finalize.addRetry(TASK_RETRY);
    finalize.addCatch(failure, catchInto);

    const definition = Chain.start(plan).next(accounts).next(finalize).next(new Succeed(this, 'Done'));
    const logGroup = new LogGroup(this, 'StateMachineLogs', { retention: RetentionDays.THREE_MONTHS, encryptionKey: this.key, removalPolicy: RemovalPolicy.RETAIN });
    const stateMachine = new StateMachine(this, 'ScanStateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(definition),
      timeout: Duration.hours(2),
      tracingEnabled: true,
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: true },
    });
    for (const [finding, reason] of [
      ...(Object.keys(HANDLER_MODULES) as FunctionName[])
        .filter((name) => name !== 'api' && name !== 'orchestrator')
        .map((name) => [`Resource::<${this.logicalIdOf(functions[name])}.Arn>:*`, `The state machine invokes the ${name} function; the grant also covers its versions and aliases.`] as const),
      ['Resource::*', 'Step Functions log delivery (logs:CreateLogDelivery and related calls) and X-Ray tracing (xray:PutTraceSegments and related calls) have no resource-level permissions.'],
    ] as const) {
      acknowledge(stateMachine.role, 'AwsSolutions-IAM5', finding, reason);
    }
    return stateMachine;
  }

  private createHttpApi(apiFunction: LambdaFunctionResource): HttpApi {
    const api = new HttpApi(this, 'HttpApi', {
      description: 'Palisade REST API',
      createDefaultStage: false,
      defaultIntegration: new HttpLambdaIntegration('ApiIntegration', apiFunction, { payloadFormatVersion: PayloadFormatVersion.VERSION_2_0 }),
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.THREE_MONTHS, encryptionKey: this.key, removalPolicy: RemovalPolicy.RETAIN });
    new HttpStage(this, 'DefaultStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.jsonWithStandardFields({ caller: false, httpMethod: true, ip: true, protocol: true, requestTime: true, resourcePath: true, responseLength: true, status: true, user: false }),
      },
    });
    for (const route of api.node.findAll()) {
      if (route.node.id === 'DefaultRoute') {
        Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: 'The API authenticates every request itself (session tokens and API keys of the platform) and authorizes it by the caller\'s role in the tenant; an API Gateway authorizer would repeat that.' });
      }
    }
    return api;
  }

  /** The central change-event bus and the rules and schedule that invoke the orchestrator. */
  private createEventRouting(orchestrator: LambdaFunctionResource, organizationId: string | undefined): EventBus {
    const bus = new EventBus(this, 'ChangeEventBus', { eventBusName: CHANGE_EVENT_BUS_NAME });
    bus.addToResourcePolicy(
      organizationId
        ? new PolicyStatement({ sid: 'PutEventsFromOrganization', principals: [new AnyPrincipal()], actions: ['events:PutEvents'], resources: [bus.eventBusArn], conditions: { StringEquals: { 'aws:PrincipalOrgID': organizationId } } })
        : new PolicyStatement({ sid: 'PutEventsFromThisAccount', principals: [new AccountRootPrincipal()], actions: ['events:PutEvents'], resources: [bus.eventBusArn] }),
    );

    const deadLetterQueue = new Queue(this, 'EventDeadLetterQueue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(deadLetterQueue).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This queue is the dead-letter queue of the event rules and the schedule; it has no dead-letter queue of its own.' });

    const changePattern = { detailType: ['AWS API Call via CloudTrail'], source: [...CHANGE_EVENT_SOURCES] };
    const target = new LambdaFunction(orchestrator, { deadLetterQueue, retryAttempts: 4, maxEventAge: Duration.hours(1) });
    const buses: readonly [string, IEventBus | undefined][] = [
      ['ChangeEventsOnCentralBus', bus],
      ['ChangeEventsOnDefaultBus', undefined],
    ];
    for (const [id, eventBus] of buses) {
      new Rule(this, id, { description: 'CloudTrail management events the change-event mapping reads, to the orchestrator', eventBus, eventPattern: changePattern, targets: [target] });
    }

    // EventBridge Scheduler ticks every minute so schedules stored in the table start on time.
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
      description: 'Palisade schedule tick: invokes the orchestrator',
    });
    schedulerRole.addToPolicy(new PolicyStatement({ sid: 'InvokeOrchestrator', actions: ['lambda:InvokeFunction'], resources: [orchestrator.functionArn] }));
    schedulerRole.addToPolicy(new PolicyStatement({ sid: 'DeadLetters', actions: ['sqs:SendMessage'], resources: [deadLetterQueue.queueArn] }));
    schedulerRole.addToPolicy(
      new PolicyStatement({
        sid: 'EncryptDeadLetters',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [this.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `sqs.${Aws.REGION}.amazonaws.com` } },
      }),
    );
    new CfnSchedule(this, 'ScheduleTick', {
      description: 'Starts the scans whose stored schedules are due',
      scheduleExpression: 'rate(1 minute)',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: orchestrator.functionArn,
        roleArn: schedulerRole.roleArn,
        input: JSON.stringify({ kind: 'schedules' }),
        // A tick missed for a minute is replaced by the next one.
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 60 },
        deadLetterConfig: { arn: deadLetterQueue.queueArn },
      },
    });
    return bus;
  }

  private logicalIdOf(construct: Construct): string {
    const resource = construct.node.defaultChild;
    if (!resource) throw new Error(`${construct.node.path} has no CloudFormation resource`);
    return this.resolve(this.getLogicalId(resource as never)) as string;
  }
}

/** Acknowledges one finding of a rule (`AwsSolutions-IAM5[Resource::…]`) on a construct, with the reason. */
function acknowledge(construct: Construct, rule: string, finding: string, reason: string): void {
  Validations.of(construct).acknowledge({ id: `${rule}[${finding}]`, reason });
}

/** The parts of the store's CreateTable input the stack reads. */
export interface TableDefinition {
  readonly AttributeDefinitions?: readonly { readonly AttributeName?: string | undefined; readonly AttributeType?: string | undefined }[] | undefined;
  readonly KeySchema?: readonly { readonly AttributeName?: string | undefined; readonly KeyType?: string | undefined }[] | undefined;
  readonly GlobalSecondaryIndexes?:
    | readonly {
        readonly IndexName?: string | undefined;
        readonly KeySchema?: readonly { readonly AttributeName?: string | undefined; readonly KeyType?: string | undefined }[] | undefined;
        readonly Projection?: { readonly ProjectionType?: string | undefined; readonly NonKeyAttributes?: readonly string[] | undefined } | undefined;
      }[]
    | undefined;
}

interface KeyAttributes {
  readonly partitionKey: { readonly name: string; readonly type: AttributeType };
  readonly sortKey?: { readonly name: string; readonly type: AttributeType };
}

/** Partition and sort key of a key schema, typed from the attribute definitions. */
export function keysOf(definition: TableDefinition, keySchema: TableDefinition['KeySchema'], owner: string): KeyAttributes {
  const attribute = (keyType: 'HASH' | 'RANGE') => {
    const name = keySchema?.find((key) => key.KeyType === keyType)?.AttributeName;
    if (!name) return undefined;
    const type = definition.AttributeDefinitions?.find((attributeDefinition) => attributeDefinition.AttributeName === name)?.AttributeType;
    const types: Record<string, AttributeType> = { S: AttributeType.STRING, N: AttributeType.NUMBER, B: AttributeType.BINARY };
    const attributeType = type ? types[type] : undefined;
    if (!attributeType) throw new Error(`${owner}: key attribute ${name} has no S, N or B attribute definition`);
    return { name, type: attributeType };
  };
  const partitionKey = attribute('HASH');
  if (!partitionKey) throw new Error(`${owner}: no HASH key`);
  const sortKey = attribute('RANGE');
  return sortKey ? { partitionKey, sortKey } : { partitionKey };
}

export function tableKeysOf(definition: TableDefinition): KeyAttributes {
  return keysOf(definition, definition.KeySchema, 'table');
}

export function globalIndexesOf(definition: TableDefinition): GlobalSecondaryIndexProps[] {
  return (definition.GlobalSecondaryIndexes ?? []).map((index) => {
    const indexName = index.IndexName;
    if (!indexName) throw new Error('a global secondary index has no name');
    const projection = index.Projection?.ProjectionType ?? 'ALL';
    const projectionTypes: Record<string, ProjectionType> = { ALL: ProjectionType.ALL, KEYS_ONLY: ProjectionType.KEYS_ONLY, INCLUDE: ProjectionType.INCLUDE };
    const projectionType = projectionTypes[projection];
    if (!projectionType) throw new Error(`index ${indexName}: unknown projection ${projection}`);
    return {
      indexName,
      ...keysOf(definition, index.KeySchema, `index ${indexName}`),
      projectionType,
      ...(projectionType === ProjectionType.INCLUDE ? { nonKeyAttributes: [...(index.Projection?.NonKeyAttributes ?? [])] } : {}),
    };
  });
}
