import { describe, expect, it } from 'vitest';
import type { AwsSession } from '@palisade/providers';
import { collectAccount, planAccountTasks } from './collect.ts';
import { Limiter } from './limiter.ts';

describe('collectAccount', () => {
  it('reports each requested region that is not enabled as a scan error instead of skipping it silently', async () => {
    const session = {
      accountId: '123456789012',
      partition: 'aws',
      regions: ['eu-west-1'],
      homeRegion: 'eu-west-1',
      skippedRegions: [{ region: 'ap-east-1', reason: 'ap-east-1 is not enabled for account 123456789012 (unknown, or an opt-in region that was not enabled)' }],
    } as unknown as AwsSession;
    // No service requested: no collector runs, only the session's findings about regions remain.
    const { snapshot } = await collectAccount(session, { services: new Set(), limiter: new Limiter(1) });
    expect(snapshot.regions).toEqual(['eu-west-1']);
    expect(snapshot.errors).toEqual([
      {
        accountId: '123456789012',
        region: 'ap-east-1',
        error: {
          api: 'ec2:DescribeRegions',
          code: 'RegionNotEnabled',
          message: 'ap-east-1 is not enabled for account 123456789012 (unknown, or an opt-in region that was not enabled)',
          region: 'ap-east-1',
        },
      },
    ]);
  });

  it('plans the services that call an API per resource under tight rate limits first, KMS in every region before IAM and S3', () => {
    const session = { regions: ['us-east-1', 'eu-west-1'], homeRegion: 'us-east-1' };
    const tasks = planAccountTasks(session, new Set(['ec2', 'iam', 'kms', 's3', 'logs']));
    expect(tasks.map((task) => `${task.service} ${task.region}`)).toEqual([
      'kms us-east-1',
      'kms eu-west-1',
      'iam us-east-1',
      's3 us-east-1',
      'ec2 us-east-1',
      'logs us-east-1',
      'ec2 eu-west-1',
      'logs eu-west-1',
    ]);
    expect(tasks.map((task) => task.priority)).toEqual([3, 3, 2, 1, 0, 0, 0, 0]);
  });
});
