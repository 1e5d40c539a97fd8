import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import type { GetDetectorCommandOutput, ListDetectorsCommandOutput } from '@aws-sdk/client-guardduty';
import { buildArn } from '@palisade/core/aws';
import type { Fetched } from '@palisade/core';
import type { GuardDutyDetector } from '@palisade/core/aws';
import { mapLimit } from '../collector.ts';
import type { RegionalCollector } from '../collector.ts';

export const guardDutyCollector: RegionalCollector<'guardduty'> = {
  service: 'guardduty',
  scope: 'regional',
  async collect({ gateway, clients, region, partition, accountId }) {
    const client = clients.get(GuardDutyClient, region);
    const ids = await gateway.paginate(
      'guardduty:ListDetectors',
      (NextToken, abortSignal) => client.send(new ListDetectorsCommand({ NextToken }), { abortSignal }),
      (page: ListDetectorsCommandOutput) => page.DetectorIds,
      (page) => page.NextToken,
    );
    if (ids.error) return { detectors: ids };
    const detectors = await mapLimit(ids.value, 8, async (id): Promise<Fetched<GuardDutyDetector>> => {
      const arn = buildArn(partition, 'guardduty', region, accountId, `detector/${id}`);
      const detail = await gateway.call('guardduty:GetDetector', (abortSignal) => client.send(new GetDetectorCommand({ DetectorId: id }), { abortSignal }), { resourceUid: arn });
      return detail.error ? detail : { value: toDetector(id, arn, detail.value) };
    });
    // A detector has no error slot of its own, and dropping it would read as "GuardDuty is off".
    const failed = detectors.find((detector) => detector.error);
    if (failed?.error) return { detectors: { error: failed.error } };
    return { detectors: { value: detectors.flatMap((detector) => (detector.value ? [detector.value] : [])) } };
  },
};

function toDetector(id: string, arn: string, output: GetDetectorCommandOutput): GuardDutyDetector {
  const features: Record<string, string> = {};
  for (const feature of output.Features ?? []) if (feature.Name) features[feature.Name] = feature.Status ?? '';
  return {
    id,
    arn,
    status: output.Status === 'ENABLED' ? 'ENABLED' : 'DISABLED',
    findingPublishingFrequency: output.FindingPublishingFrequency,
    features,
    tags: { ...output.Tags },
  };
}
