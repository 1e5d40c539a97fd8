import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armError, fakeAzure, page } from '../testing.ts';
import { authorizationCollector } from './authorization.ts';

const SUB = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
const ASSIGNMENTS = `${SUB}/providers/Microsoft.Authorization/roleAssignments`;
const DEFINITIONS = `${SUB}/providers/Microsoft.Authorization/roleDefinitions`;
const OWNER = `${SUB}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`;
const USER_ACCESS_ADMINISTRATOR = '/providers/Microsoft.Authorization/roleDefinitions/18d7d88d-d35e-4fb5-a5c3-7773c20a72d9';
const NEXT = `https://management.azure.com${ASSIGNMENTS}?$filter=atScope()&api-version=2022-04-01&$skipToken=eyJuZXh0IjoyfQ`;

/** A role assignment as `GET …/roleAssignments?$filter=atScope()&api-version=2022-04-01` lists it. */
function assignment(name: string, scope: string, roleDefinitionId: string, principalId: string, principalType: string, extra: Record<string, unknown> = {}): unknown {
  return {
    properties: {
      roleDefinitionId,
      principalId,
      principalType,
      scope,
      condition: null,
      conditionVersion: null,
      createdOn: '2025-02-11T09:14:27.5107000Z',
      updatedOn: '2025-02-11T09:14:27.5107000Z',
      createdBy: '0c2d4f6a-1b3c-4d5e-8f90-123456789abc',
      updatedBy: '0c2d4f6a-1b3c-4d5e-8f90-123456789abc',
      delegatedManagedIdentityResourceId: null,
      description: null,
      ...extra,
    },
    id: `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    type: 'Microsoft.Authorization/roleAssignments',
    name,
  };
}

const routes = (): Record<string, unknown> => ({
  [`GET ${ASSIGNMENTS}`]: page(
    [
      assignment('b0f43c54-e787-4862-89b1-a653fa9cf747', SUB, OWNER, 'ce2ce14e-85d7-4629-bdbc-454d0519d987', 'User'),
      assignment('0d1c6a4e-2b3f-4c5d-9e8f-7a6b5c4d3e2f', '/', USER_ACCESS_ADMINISTRATOR, '5f3e2d1c-0b9a-4876-9543-210fedcba987', 'User'),
    ],
    NEXT,
  ),
  [`GET ${ASSIGNMENTS}?$filter=atScope()&$skipToken=eyJuZXh0IjoyfQ`]: page([
    assignment('7e9a1c3b-5d2f-4a68-b0c4-e1f2a3b4c5d6', '/providers/Microsoft.Management/managementGroups/contoso', OWNER, '11112222-3333-4444-5555-666677778888', 'Group', {
      description: 'Platform team',
      condition: "@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals 'logs'",
    }),
  ]),
  [`GET ${DEFINITIONS}`]: page([
    {
      properties: {
        roleName: 'Subscription Operator',
        type: 'CustomRole',
        description: 'Can do everything in the subscription.',
        assignableScopes: [SUB],
        permissions: [{ actions: ['*'], notActions: [], dataActions: [], notDataActions: [] }],
        createdOn: '2024-10-01T12:00:00.0000000Z',
        updatedOn: '2024-10-01T12:00:00.0000000Z',
        createdBy: '0c2d4f6a-1b3c-4d5e-8f90-123456789abc',
        updatedBy: '0c2d4f6a-1b3c-4d5e-8f90-123456789abc',
      },
      id: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/4f1e2d3c-5b6a-4789-8a9b-0c1d2e3f4a5b`,
      type: 'Microsoft.Authorization/roleDefinitions',
      name: '4f1e2d3c-5b6a-4789-8a9b-0c1d2e3f4a5b',
    },
  ]),
});

describe('authorization collector', () => {
  it('maps role assignments at and above the subscription across pages, and custom roles', async () => {
    const fake = fakeAzure(routes());
    const data = await authorizationCollector.collect(fake.context());
    expect(fake.unmatched).toEqual([]);
    const assignmentsUrl = new URL(fake.requests.find((request) => request.url.includes('roleAssignments'))!.url);
    expect(assignmentsUrl.searchParams.get('$filter')).toBe('atScope()');
    const definitionsUrl = new URL(fake.requests.find((request) => request.url.includes('roleDefinitions'))!.url);
    expect(definitionsUrl.searchParams.get('$filter')).toBe("type eq 'CustomRole'");
    expect(data.roleAssignments.value).toEqual([
      { id: `${ASSIGNMENTS}/b0f43c54-e787-4862-89b1-a653fa9cf747`, name: 'b0f43c54-e787-4862-89b1-a653fa9cf747', scope: SUB, roleDefinitionId: OWNER, principalId: 'ce2ce14e-85d7-4629-bdbc-454d0519d987', principalType: 'User', createdOn: '2025-02-11T09:14:27.5107000Z' },
      {
        id: '/providers/Microsoft.Authorization/roleAssignments/0d1c6a4e-2b3f-4c5d-9e8f-7a6b5c4d3e2f',
        name: '0d1c6a4e-2b3f-4c5d-9e8f-7a6b5c4d3e2f',
        scope: '/',
        roleDefinitionId: USER_ACCESS_ADMINISTRATOR,
        principalId: '5f3e2d1c-0b9a-4876-9543-210fedcba987',
        principalType: 'User',
        createdOn: '2025-02-11T09:14:27.5107000Z',
      },
      {
        id: '/providers/Microsoft.Management/managementGroups/contoso/providers/Microsoft.Authorization/roleAssignments/7e9a1c3b-5d2f-4a68-b0c4-e1f2a3b4c5d6',
        name: '7e9a1c3b-5d2f-4a68-b0c4-e1f2a3b4c5d6',
        scope: '/providers/Microsoft.Management/managementGroups/contoso',
        roleDefinitionId: OWNER,
        principalId: '11112222-3333-4444-5555-666677778888',
        principalType: 'Group',
        condition: "@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals 'logs'",
        description: 'Platform team',
        createdOn: '2025-02-11T09:14:27.5107000Z',
      },
    ]);
    expect(data.customRoles.value).toEqual([
      {
        id: `${DEFINITIONS}/4f1e2d3c-5b6a-4789-8a9b-0c1d2e3f4a5b`,
        name: '4f1e2d3c-5b6a-4789-8a9b-0c1d2e3f4a5b',
        roleName: 'Subscription Operator',
        type: 'CustomRole',
        description: 'Can do everything in the subscription.',
        assignableScopes: [SUB],
        permissions: [{ actions: ['*'], notActions: [], dataActions: [], notDataActions: [] }],
      },
    ]);
  });

  it('keeps a denied list as an error without losing the other list', async () => {
    const message = `The client 'auditor@contoso.com' with object id '0c2d4f6a-1b3c-4d5e-8f90-123456789abc' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/read' over scope '${SUB}' or the scope is invalid.`;
    const fake = fakeAzure({ ...routes(), [`GET ${ASSIGNMENTS}`]: armError(403, 'AuthorizationFailed', message) });
    const data = await authorizationCollector.collect(fake.context());
    expect(data.roleAssignments).toEqual({ error: { api: 'Microsoft.Authorization/roleAssignments/read', code: 'AuthorizationFailed', message, httpStatus: 403 } });
    expect(data.customRoles.value).toHaveLength(1);
  });

  it('reads an empty custom role list as no custom roles', async () => {
    const fake = fakeAzure({ ...routes(), [`GET ${DEFINITIONS}`]: page([]) });
    const data = await authorizationCollector.collect(fake.context());
    expect(data.customRoles).toEqual({ value: [] });
  });
});
