/**
 * STS over the awsQuery protocol: GetCallerIdentity and AssumeRole into the estate's member role.
 * Sessions are remembered by their token, so GetCallerIdentity names the assumed role and
 * session the caller asked for.
 */
import { parseArn } from '@palisade/core/aws';
import type { ServiceSimulator, SimContext, SimRequest, SimResponse } from '../types.ts';
import { awsQueryError, awsQueryResponse, integerParam, queryParams, stableId } from './query-protocol.ts';

const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
const OPERATIONS = new Set(['GetCallerIdentity', 'AssumeRole']);
/** The IAM user the simulator's long-term keys (no session token) belong to. */
export const SIM_BASE_USER = 'bench-scanner';

interface Session {
  readonly accountId: string;
  readonly roleName: string;
  readonly sessionName: string;
}

/** A fresh STS with no sessions; `stsSimulator` is the shared one. */
export function createStsSimulator(): ServiceSimulator {
  const sessions = new Map<string, Session>();

  const fail = (request: SimRequest, code: string, message: string, status: number): SimResponse => awsQueryError(request, NAMESPACE, code, message, status);

  const caller = (request: SimRequest, context: SimContext): { arn: string; userId: string } => {
    const partition = context.account.snapshot.partition;
    const token = request.headers['x-amz-security-token'];
    if (token === undefined) {
      return {
        arn: `arn:${partition}:iam::${context.account.accountId}:user/${SIM_BASE_USER}`,
        userId: stableId('AIDA', `${context.account.accountId}/user/${SIM_BASE_USER}`, 17, 'upper'),
      };
    }
    // Credentials issued outside AssumeRole (or by another simulator instance) still belong to the member role.
    const session = sessions.get(token) ?? { accountId: context.account.accountId, roleName: context.estate.memberRoleName, sessionName: 'session' };
    return { arn: assumedRoleArn(partition, session), userId: `${roleId(session.accountId, session.roleName)}:${session.sessionName}` };
  };

  const assumeRole = (request: SimRequest, context: SimContext): SimResponse => {
    const params = queryParams(request);
    const roleArn = params.get('RoleArn') ?? '';
    const sessionName = params.get('RoleSessionName') ?? '';
    const duration = integerParam(params, 'DurationSeconds');
    if (!sessionName || !/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      return fail(request, 'ValidationError', `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`, 400);
    }
    if (duration === 'invalid' || (duration !== undefined && (duration < 900 || duration > 43_200))) {
      return fail(request, 'ValidationError', `1 validation error detected: Value '${params.get('DurationSeconds') ?? ''}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`, 400);
    }
    const arn = parseArn(roleArn);
    if (!arn || arn.service !== 'iam' || !arn.resource.startsWith('role/') || !/^\d{12}$/.test(arn.accountId)) {
      return fail(request, 'ValidationError', `${roleArn} is invalid`, 400);
    }
    const roleName = arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
    const target = context.estate.accounts.find((account) => account.accountId === arn.accountId);
    if (!target || roleName !== context.estate.memberRoleName || target.roleAssumable === false) {
      return fail(request, 'AccessDenied', `User: ${caller(request, context).arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
    }
    const credentials = context.issueCredentials(target.accountId);
    const session: Session = { accountId: target.accountId, roleName, sessionName };
    sessions.set(credentials.sessionToken, session);
    return awsQueryResponse(request, NAMESPACE, 'AssumeRole', {
      AssumedRoleUser: {
        AssumedRoleId: `${roleId(target.accountId, roleName)}:${sessionName}`,
        Arn: assumedRoleArn(target.snapshot.partition, session),
      },
      Credentials: {
        AccessKeyId: credentials.accessKeyId,
        SecretAccessKey: credentials.secretAccessKey,
        SessionToken: credentials.sessionToken,
        Expiration: credentials.expiration.toISOString(),
      },
    });
  };

  return {
    signingNames: ['sts'],
    throttle: { code: 'Throttling', status: 400 },
    denied: { code: 'AccessDenied', status: 403 },
    operation(request) {
      const action = queryParams(request).get('Action');
      return action && OPERATIONS.has(action) ? `sts:${action}` : undefined;
    },
    respond(operation, request, context) {
      if (operation === 'sts:AssumeRole') return assumeRole(request, context);
      if (operation === 'sts:GetCallerIdentity') {
        const identity = caller(request, context);
        return awsQueryResponse(request, NAMESPACE, 'GetCallerIdentity', { Arn: identity.arn, UserId: identity.userId, Account: context.account.accountId });
      }
      return fail(request, 'InvalidAction', `Could not find operation ${operation}`, 400);
    },
    error: (request, code, message, status) => fail(request, code, message, status),
  };
}

export const stsSimulator: ServiceSimulator = createStsSimulator();

function assumedRoleArn(partition: string, session: Session): string {
  return `arn:${partition}:sts::${session.accountId}:assumed-role/${session.roleName}/${session.sessionName}`;
}

function roleId(accountId: string, roleName: string): string {
  return stableId('AROA', `${accountId}/role/${roleName}`, 17, 'upper');
}
