/**
 * AWS Security Hub: a notification's findings imported with `BatchImportFindings`, 100 per call (the
 * API's limit). The ASFF mapping is a dependency (`toAsff`), so that this package does not own the
 * finding format. Importing is an upsert by finding id, so a retried delivery updates rather than
 * duplicates. The SDK loads on the first delivery, not with this package.
 */
import type { AwsSecurityFinding, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { sdkFailure } from './aws-sdk-errors.ts';
import type { AwsSecret, SecurityHubConfig } from './config.ts';
import { DEFAULT_ATTEMPT_TIMEOUT_MS, redactSecrets } from './http.ts';
import type { DestinationDeps } from './http.ts';
import { truncate } from './message-text.ts';
import type { AlertFinding, Destination } from './types.ts';

export const SECURITY_HUB_BATCH_SIZE = 100;

/** An ASFF finding as a mapper builds it: the SDK's shape, read-only throughout. */
export type AsffFindingInput = DeepReadonly<AwsSecurityFinding>;
type DeepReadonly<T> = T extends (infer Item)[] ? readonly DeepReadonly<Item>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

export interface SecurityHubDeps extends Omit<DestinationDeps, 'fetch'> {
  /**
   * Maps a finding to ASFF, or to undefined when it has no ASFF form (a finding of another cloud):
   * such findings are left out. The platform passes the outputs package's mapper.
   */
  readonly toAsff: (finding: AlertFinding) => AsffFindingInput | undefined;
}

/** Failed findings listed in a message before "and K more". */
const LISTED_FAILURES = 5;

export function createSecurityHubDestination(config: SecurityHubConfig, secret: AwsSecret | undefined, deps: SecurityHubDeps): Destination {
  let client: Promise<SecurityHubClient> | undefined;
  const secrets = secret ? [secret.secretAccessKey, secret.sessionToken] : [];
  const getClient = async (): Promise<SecurityHubClient> => {
    const sdk = await import('@aws-sdk/client-securityhub');
    return new sdk.SecurityHubClient({
      region: config.region,
      // Retries belong to deliverWithRetries, which logs each attempt.
      maxAttempts: 1,
      ...(config.endpointUrl ? { endpoint: config.endpointUrl } : {}),
      // Without keys the SDK's default chain applies: the server's own role or environment.
      ...(secret ? { credentials: { accessKeyId: secret.accessKeyId, secretAccessKey: secret.secretAccessKey, ...(secret.sessionToken ? { sessionToken: secret.sessionToken } : {}) } } : {}),
    });
  };

  return {
    type: 'securityhub',
    async send(notification, signal) {
      const timeoutMs = deps.timeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
      client ??= getClient();
      const hub = await client;
      const sdk = await import('@aws-sdk/client-securityhub');
      const timeout = AbortSignal.timeout(timeoutMs);
      const abortSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
      try {
        if (notification.test) {
          // A test checks the credentials and that Security Hub is enabled, importing nothing.
          const hubArn = (await hub.send(new sdk.DescribeHubCommand({}), { abortSignal })).HubArn;
          return { ok: true, retryable: false, ...(hubArn ? { externalIds: [hubArn] } : {}) };
        }
        // The SDK only reads the findings it sends; the read-only shape is the mapper's promise, not the SDK's need.
        const asff = notification.findings.flatMap((finding) => deps.toAsff(finding) ?? []) as AwsSecurityFinding[];
        const imported: string[] = [];
        const failed: { readonly id: string; readonly code: string; readonly message: string }[] = [];
        for (let start = 0; start < asff.length; start += SECURITY_HUB_BATCH_SIZE) {
          const batch = asff.slice(start, start + SECURITY_HUB_BATCH_SIZE);
          const answer = await hub.send(new sdk.BatchImportFindingsCommand({ Findings: batch }), { abortSignal });
          const rejected = new Set<string>();
          for (const failure of answer.FailedFindings ?? []) {
            const id = failure.Id ?? '(no id)';
            rejected.add(id);
            failed.push({ id, code: failure.ErrorCode ?? 'Unknown', message: failure.ErrorMessage ?? '' });
          }
          if ((answer.FailedCount ?? 0) > rejected.size) {
            failed.push({ id: '(unnamed)', code: 'Unknown', message: `${(answer.FailedCount ?? 0) - rejected.size} more findings failed without details` });
          }
          for (const finding of batch) if (finding.Id && !rejected.has(finding.Id)) imported.push(finding.Id);
        }
        if (failed.length === 0) return { ok: true, retryable: false, externalIds: imported };
        const listed = failed.slice(0, LISTED_FAILURES).map((failure) => `${failure.id} (${failure.code}${failure.message ? `: ${failure.message}` : ''})`);
        const more = failed.length - listed.length;
        return redactSecrets(
          {
            ok: false,
            // A rejected finding is rejected for its content; sending it again will not help.
            retryable: false,
            code: failed[0]?.code ?? 'Unknown',
            message: truncate(`Security Hub rejected ${failed.length} of ${asff.length} findings: ${listed.join('; ')}${more > 0 ? `; and ${more} more` : ''}`, 1000),
            externalIds: imported,
          },
          secrets,
        );
      } catch (error) {
        return redactSecrets(sdkFailure(error, { timedOut: timeout.aborted, aborted: signal?.aborted ?? false, timeoutMs }), secrets);
      }
    },
  };
}
