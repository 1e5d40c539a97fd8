/**
 * The `palisade` command line: flags → commands. Parsing errors are usage errors (exit 2).
 */
import { Command, CommanderError, Option } from 'commander';
import { InputError } from '@palisade/core';
import { collectList, positiveInteger } from './options.ts';
import { DEFAULT_OUTPUT_FORMATS, OUTPUT_FORMATS } from '@palisade/outputs/formats';
import type { CommandIo, ScanAwsFlags, ScanAzureFlags } from './scan-command.ts';
import type { WatchFlags } from './watch-command.ts';
import { PRODUCT_VERSION } from './version.ts';

/**
 * The options every `scan <provider>` command shares, in this order: source file, outputs, check
 * filters, the provider's resource filter, mutelist and config.
 */
function sharedScanOptions(command: Command, provider: { readonly resources: Option }): Command {
  return command
    .addOption(new Option('--from-snapshot <file>', 'scan a saved snapshot offline, without credentials'))
    .addOption(new Option('--snapshot-out <file>', 'save the collected inventory (gzip JSON lines)'))
    .addOption(new Option('-M, --output-formats <formats>', `output formats: ${OUTPUT_FORMATS.join(', ')} (default: ${DEFAULT_OUTPUT_FORMATS.join(',')})`).argParser(collectList))
    .addOption(new Option('-o, --output-dir <dir>', 'directory for outputs').default('output'))
    .addOption(new Option('-F, --output-filename <name>', 'base file name for outputs (default: palisade-<UTC time>-<scan id prefix>, unique per run)'))
    .addOption(new Option('-s, --services <services>', 'only checks of these services').argParser(collectList))
    .addOption(new Option('-c, --checks <checks>', 'only these checks').argParser(collectList))
    .addOption(new Option('-e, --excluded-checks <checks>', 'skip these checks').argParser(collectList))
    .addOption(new Option('--excluded-services <services>', 'skip checks of these services').argParser(collectList))
    .addOption(new Option('--severity <severities>', 'only checks of these severities').argParser(collectList))
    .addOption(new Option('--categories <categories>', 'only checks in these categories').argParser(collectList))
    .addOption(new Option('--compliance <frameworks>', 'only checks of these frameworks, and their reports (ids of `list compliance`, or aliases such as cis_3.0_aws)').argParser(collectList))
    .addOption(new Option('--status <statuses>', 'write only findings with these statuses (PASS, FAIL, MANUAL, ERROR)').argParser(collectList))
    .addOption(new Option('--resource-tag <key=value>', 'only resources with one of these tags').argParser(collectList))
    .addOption(provider.resources)
    .addOption(new Option('-w, --mutelist <file>', 'mutelist YAML'))
    .addOption(new Option('--config <file>', 'configuration YAML (check thresholds, gateway limits)'));
}

export async function runCli(argv: readonly string[], io: CommandIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('palisade')
    .description('Cloud security posture scanning and compliance reports')
    .version(PRODUCT_VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text), outputError: () => {} })
    .showHelpAfterError(false);

  const scan = program.command('scan').description('Scan a cloud provider').exitOverride();
  const aws = scan
    .command('aws')
    .description('Scan AWS accounts (live, or offline from a snapshot)')
    .exitOverride()
    .addOption(new Option('--profile <name>', 'AWS shared config profile (default: the standard credential chain)'))
    .addOption(new Option('--role-arn <arn>', 'assume this IAM role before scanning'))
    .addOption(new Option('--external-id <id>', 'external id for --role-arn and --org-role'))
    .addOption(new Option('--role-session-name <name>', 'session name for --role-arn').default(undefined))
    .addOption(new Option('--session-duration <seconds>', 'session duration for --role-arn (900-43200)').argParser(positiveInteger('--session-duration')))
    .addOption(new Option('-r, --region <regions>', 'only these regions (repeatable or comma-separated); resources elsewhere, such as S3 buckets, are left out').argParser(collectList))
    .addOption(new Option('--endpoint-url <url>', 'AWS-compatible endpoint (LocalStack, moto); also read from AWS_ENDPOINT_URL'));
  sharedScanOptions(aws, { resources: new Option('--resource-arn <arns>', 'only these resources').argParser(collectList) })
    .addOption(new Option('--organization', 'scan every ACTIVE member account of the AWS Organization (management or delegated-admin credentials)'))
    .addOption(new Option('--accounts <ids>', 'with --organization: only these member accounts').argParser(collectList))
    .addOption(new Option('--excluded-accounts <ids>', 'with --organization: skip these member accounts').argParser(collectList))
    .addOption(new Option('--ou <ids>', 'with --organization: only accounts below these organizational units').argParser(collectList))
    .addOption(new Option('--org-role <name>', 'role assumed in each member account (name, optionally with a path)').default('OrganizationAccountAccessRole'))
    .addOption(new Option('--accounts-file <file>', 'scan the accounts whose role ARNs are listed in this file, one per line'))
    .addOption(new Option('--max-concurrency <n>', 'collection tasks in flight across all accounts (default 64)').argParser(positiveInteger('--max-concurrency')))
    .addOption(new Option('--max-accounts-in-flight <n>', 'accounts collected at the same time (default 16; bounds memory)').argParser(positiveInteger('--max-accounts-in-flight')))
    .addOption(new Option('--scan-timeout <seconds>', 'stop after this long; outputs keep what was scanned and the summary lists the rest').argParser(positiveInteger('--scan-timeout')))
    .addOption(new Option('--workers <n>', 'worker threads sharing the scan; 1 scans in this process (default: one per core for organizations, accounts files of 2+ accounts and snapshots of 8 MB or more, else 1; or PALISADE_WORKERS)').argParser(positiveInteger('--workers')))
    .addOption(new Option('-q, --quiet', 'print nothing; rely on the exit code and output files'))
    .action(async (flags: ScanAwsFlags) => {
      // Loaded on use: `palisade --version` and `--help` start without the engine and outputs.
      exitCode = await (await import('./scan-command.ts')).scanAws(flags, io);
    });

  const azure = scan
    .command('azure')
    .description('Scan Azure subscriptions and their Microsoft Entra tenant (live, or offline from a snapshot)')
    .exitOverride()
    .addOption(new Option('--azure-tenant-id <id>', 'the Microsoft Entra tenant to sign in to and scan (default: the credentials\' own; AZURE_TENANT_ID for a service principal)'))
    .addOption(new Option('--subscription-ids <ids>', 'only these of the subscriptions the credentials see (repeatable or comma-separated)').argParser(collectList))
    .addOption(new Option('--azure-cloud <cloud>', 'the Azure cloud: AzureCloud (default), AzureChinaCloud or AzureUSGovernment'))
    .addOption(new Option('-r, --region <locations>', 'only these locations (eastus, westeurope; repeatable or comma-separated); resources elsewhere are left out').argParser(collectList));
  sharedScanOptions(azure, { resources: new Option('--resource-id <ids>', 'only these resources (ARM resource ids)').argParser(collectList) })
    .addOption(new Option('--max-concurrency <n>', 'collectors in flight across all subscriptions (default 64)').argParser(positiveInteger('--max-concurrency')))
    .addOption(new Option('--max-subscriptions-in-flight <n>', 'subscriptions collected at the same time (default 16; bounds memory)').argParser(positiveInteger('--max-subscriptions-in-flight')))
    .addOption(new Option('--scan-timeout <seconds>', 'stop after this long; outputs keep what was scanned and the summary lists the rest').argParser(positiveInteger('--scan-timeout')))
    .addOption(new Option('--workers <n>', 'worker threads sharing a snapshot scan; 1 scans in this process (default: one per core for snapshots of 8 MB or more, else 1; or PALISADE_WORKERS)').argParser(positiveInteger('--workers')))
    .addOption(new Option('-q, --quiet', 'print nothing; rely on the exit code and output files'))
    .action(async (flags: ScanAzureFlags & { maxSubscriptionsInFlight?: number }) => {
      const { maxSubscriptionsInFlight, ...rest } = flags;
      exitCode = await (await import('./scan-command.ts')).scanAzure({ ...rest, ...(maxSubscriptionsInFlight ? { maxAccountsInFlight: maxSubscriptionsInFlight } : {}) }, io);
    });

  program
    .command('watch')
    .description('Re-scan the resources CloudTrail change events touch, printing each re-evaluated finding as one OCSF JSON line')
    .exitOverride()
    .addOption(new Option('--input <file>', 'CloudTrail records, one JSON object a line (a record, an EventBridge envelope, or a log file\'s {"Records": [...]}); - for standard input'))
    .addOption(new Option('--sqs-queue-url <url>', 'read the events from this SQS queue (an EventBridge rule\'s target) until interrupted'))
    .addOption(new Option('--profile <name>', 'AWS shared config profile (default: the standard credential chain)'))
    .addOption(new Option('--endpoint-url <url>', 'AWS-compatible endpoint (LocalStack, moto); also read from AWS_ENDPOINT_URL'))
    .addOption(new Option('-o, --output-dir <dir>', 'also append the OCSF lines to a file in this directory'))
    .addOption(new Option('-w, --mutelist <file>', 'mutelist YAML: muted findings do not fail the exit code'))
    .addOption(new Option('--coalesce-ms <ms>', 'gather events this long before re-scanning, so a burst reads each resource once (default 200)').argParser(positiveInteger('--coalesce-ms')))
    .addOption(new Option('-q, --quiet', 'print only the findings'))
    .action(async (flags: WatchFlags) => {
      exitCode = await (await import('./watch-command.ts')).watchCommand(flags, io);
    });

  program
    .command('list')
    .description('List checks, services or compliance frameworks')
    .argument('<kind>', 'checks | services | compliance')
    .option('--service <service>', 'with "checks": only this service')
    .option('--provider <provider>', 'only this provider\'s checks, services or frameworks: aws or azure')
    .option('--json', 'machine-readable output')
    .exitOverride()
    .action(async (kind: string, options: { json?: boolean; service?: string; provider?: string }) => {
      exitCode = (await import('./list-command.ts')).listCommand(kind, options, io.stdout);
    });

  const storeOptions = (command: Command) =>
    command
      .addOption(new Option('--data-dir <dir>', 'SQLite data directory (default ./palisade-data; also holds the master key file and reports)'))
      .addOption(new Option('--database-url <url>', 'PostgreSQL instead of SQLite: the application role (migrations use PALISADE_DATABASE_ADMIN_URL)'));

  storeOptions(
    program
      .command('serve')
      .description('Run the platform: REST API, scan jobs and schedules (SQLite by default)')
      .exitOverride()
      .addOption(new Option('--host <host>', 'address to listen on').default('127.0.0.1'))
      .addOption(new Option('--port <port>', 'port to listen on').default(8080).argParser(positiveInteger('--port')))
      .addOption(new Option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM), with --tls-key'))
      .addOption(new Option('--tls-key <file>', 'private key (PEM) for --tls-cert'))
      .addOption(new Option('--concurrency <n>', 'scans run at once (default 2)').argParser(positiveInteger('--concurrency')))
      .addOption(new Option('--executor <kind>', 'where scans run: in-process, or queue (handed to `palisade worker` processes through a job queue in PostgreSQL; needs --database-url)').choices(['in-process', 'queue']).default('in-process')),
  ).action(async (flags) => {
    exitCode = await (await import('./serve-command.ts')).serveCommand(flags, io);
  });

  program
    .command('worker')
    .description('Run a queue worker of the platform: take the steps of scans that `palisade serve --executor queue` queues in PostgreSQL (plan, collect, evaluate, finalize)')
    .exitOverride()
    .addOption(new Option('--database-url <url>', 'the platform\'s PostgreSQL: the application role'))
    .addOption(new Option('--database-admin-url <url>', 'the owner role, to migrate the store and install the job queue and the shared rate-limit table (default PALISADE_DATABASE_ADMIN_URL; not needed once installed)'))
    .addOption(new Option('--parts-dir <dir>', 'directory every worker reaches (a shared volume) for the collected parts'))
    .addOption(new Option('--parts-bucket <bucket>', 'S3 bucket for the collected parts (instead of --parts-dir; credentials and region from the environment)'))
    .addOption(new Option('--parts-prefix <prefix>', 'key prefix in --parts-bucket'))
    .addOption(new Option('--data-dir <dir>', 'the platform\'s data directory, shared with `palisade serve`: master key file and reports (default ./palisade-data)'))
    .addOption(new Option('--concurrency <n>', 'jobs run at once (default 16: collect jobs mostly wait for rate-limited answers)').argParser(positiveInteger('--concurrency')))
    .action(async (flags) => {
      exitCode = await (await import('./worker-command.ts')).workerCommand(flags, io);
    });

  const admin = program.command('admin').description('Administer the platform\'s store').exitOverride();
  storeOptions(
    admin
      .command('create-tenant')
      .description('Create a tenant and its owner (the password is read from standard input); prints the tenant id')
      .exitOverride()
      .requiredOption('--name <name>', 'the tenant\'s name')
      .requiredOption('--owner-email <email>', 'the owner\'s email (their sign-in)')
      .option('--password-stdin', 'read the owner\'s password from standard input'),
  ).action(async (flags) => {
    exitCode = await (await import('./serve-command.ts')).createTenantCommand(flags, io);
  });
  storeOptions(
    admin
      .command('rotate-master-key')
      .description('Re-wrap every stored secret under a new master key (32 bytes, base64 or hex, in a file)')
      .exitOverride()
      .requiredOption('--new-key-file <file>', 'file holding the new master key'),
  ).action(async (flags) => {
    exitCode = await (await import('./serve-command.ts')).rotateMasterKeyCommand(flags, io);
  });

  const deploy = program.command('deploy').description('Deploy the platform to a cloud').exitOverride();
  deploy
    .command('aws')
    .description(
      'Deploy the platform on AWS serverless services (API Gateway, Lambda, Step Functions, DynamoDB, S3) with the AWS CDK. ' +
        'Synthesizes the CDK app of apps/serverless (loaded from the repository at run time through tsx, not bundled) into a cloud assembly, then runs `cdk deploy` on it',
    )
    .exitOverride()
    .addOption(new Option('--dry-run', 'synthesize and check only; needs no AWS credentials'))
    .addOption(new Option('--output <dir>', 'cloud assembly directory').default('cdk.out'))
    .addOption(new Option('--organization-id <id>', 'AWS Organization (o-…) whose accounts may send change events to the central bus (default: this account only)'))
    .addOption(new Option('--account-concurrency <n>', 'accounts of one scan collected at once (default 10)').argParser(positiveInteger('--account-concurrency')))
    .addOption(new Option('--group-concurrency <n>', 'collection groups of one account collected at once (default 4)').argParser(positiveInteger('--group-concurrency')))
    .addOption(new Option('--member-role-name <name>', 'role assumed in each scanned account (default PalisadeScanRole, as member-account.yaml names it)'))
    .addOption(new Option('--external-id <id>', 'external id the member role requires'))
    .action(async (flags) => {
      exitCode = await (await import('./deploy-command.ts')).deployAws(flags, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      // Commander's own parse errors ("unknown option", "missing argument") are usage errors.
      if (error.code === 'commander.executeSubCommandAsync') return 1;
      throw new InputError('USAGE', error.message.replace(/^error: /, ''));
    }
    throw error;
  }
  return exitCode;
}
