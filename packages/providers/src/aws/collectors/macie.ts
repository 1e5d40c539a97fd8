import { GetMacieSessionCommand, Macie2Client } from '@aws-sdk/client-macie2';
import type { ApiError } from '@palisade/core';
import { isoDate } from '../collector.ts';
import type { RegionalCollector } from '../collector.ts';

/**
 * Macie has no "not enabled" error code: GetMacieSession answers `AccessDeniedException` with the
 * message "Macie is not enabled." when the region has no session. Any other AccessDenied is a real
 * permission problem and must stay an error.
 */
export function isMacieNotEnabled(error: ApiError): boolean {
  return error.code === 'AccessDeniedException' && /Macie is not enabled/i.test(error.message);
}

export const macieCollector: RegionalCollector<'macie'> = {
  service: 'macie',
  scope: 'regional',
  async collect({ gateway, clients, region }) {
    const client = clients.get(Macie2Client, region);
    const session = await gateway.callOrNull(
      'macie2:GetMacieSession',
      (abortSignal) => client.send(new GetMacieSessionCommand({}), { abortSignal }),
      isMacieNotEnabled,
    );
    if (session.error) return { session };
    if (session.value === null) return { session: { value: null } };
    return {
      session: {
        value: {
          status: session.value.status === 'PAUSED' ? 'PAUSED' : 'ENABLED',
          createdAt: isoDate(session.value.createdAt),
        },
      },
    };
  },
};
