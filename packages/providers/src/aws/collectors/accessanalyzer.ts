import { AccessAnalyzerClient, ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer';
import type { AnalyzerSummary, ListAnalyzersCommandOutput } from '@aws-sdk/client-accessanalyzer';
import type { AccessAnalyzer } from '@palisade/core/aws';
import type { RegionalCollector } from '../collector.ts';

export const accessAnalyzerCollector: RegionalCollector<'accessanalyzer'> = {
  service: 'accessanalyzer',
  scope: 'regional',
  async collect({ gateway, clients, region }) {
    const client = clients.get(AccessAnalyzerClient, region);
    const analyzers = await gateway.paginate(
      'access-analyzer:ListAnalyzers',
      (nextToken, abortSignal) => client.send(new ListAnalyzersCommand({ nextToken }), { abortSignal }),
      (page: ListAnalyzersCommandOutput) => page.analyzers,
      (page) => page.nextToken,
    );
    return { analyzers: analyzers.error ? analyzers : { value: analyzers.value.map(toAnalyzer) } };
  },
};

function toAnalyzer(summary: AnalyzerSummary): AccessAnalyzer {
  return {
    name: summary.name ?? '',
    arn: summary.arn ?? '',
    type: summary.type ?? 'ACCOUNT',
    status: summary.status ?? 'ACTIVE',
    tags: { ...summary.tags },
  };
}
