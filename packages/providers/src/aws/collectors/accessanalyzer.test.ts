import { AccessAnalyzerClient, ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { sdkError, testCollectorContext } from '../testing.ts';
import { accessAnalyzerCollector } from './accessanalyzer.ts';

const mock = mockClient(AccessAnalyzerClient);
afterEach(() => mock.reset());

describe('access analyzer collector', () => {
  it('lists analyzers across pages', async () => {
    // Shaped like ListAnalyzers responses (createdAt is a Date after SDK parsing).
    mock
      .on(ListAnalyzersCommand, { nextToken: undefined })
      .resolves({
        analyzers: [
          { arn: 'arn:aws:access-analyzer:us-east-1:123456789012:analyzer/acct', name: 'acct', type: 'ACCOUNT', status: 'ACTIVE', createdAt: new Date('2025-01-01T00:00:00Z'), tags: { team: 'sec' } },
        ],
        nextToken: 'page-2',
      })
      .on(ListAnalyzersCommand, { nextToken: 'page-2' })
      .resolves({
        analyzers: [{ arn: 'arn:aws:access-analyzer:us-east-1:123456789012:analyzer/org', name: 'org', type: 'ORGANIZATION', status: 'DISABLED', createdAt: new Date('2025-01-02T00:00:00Z') }],
      });
    const data = await accessAnalyzerCollector.collect(testCollectorContext());
    expect(data.analyzers.value).toEqual([
      { name: 'acct', arn: 'arn:aws:access-analyzer:us-east-1:123456789012:analyzer/acct', type: 'ACCOUNT', status: 'ACTIVE', tags: { team: 'sec' } },
      { name: 'org', arn: 'arn:aws:access-analyzer:us-east-1:123456789012:analyzer/org', type: 'ORGANIZATION', status: 'DISABLED', tags: {} },
    ]);
  });

  it('returns the API error code when the call is denied', async () => {
    mock.on(ListAnalyzersCommand).rejects(sdkError('AccessDeniedException', 'User is not authorized to perform: access-analyzer:ListAnalyzers', 403));
    const data = await accessAnalyzerCollector.collect(testCollectorContext('eu-west-1'));
    expect(data.analyzers.error).toMatchObject({ api: 'access-analyzer:ListAnalyzers', code: 'AccessDeniedException', region: 'eu-west-1', httpStatus: 403 });
  });
});
