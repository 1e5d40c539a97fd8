/** An app registration's client secrets and certificates, as one list with a label for messages. */
import type { EntraApplication, EntraApplicationCredential } from '@palisade/core/azure';

export interface LabelledCredential extends EntraApplicationCredential {
  readonly kind: 'secret' | 'certificate';
  /** `secret 'ci'`, `certificate 'CN=app'` (the key id when unnamed). */
  readonly label: string;
}

export function credentialsOf(application: EntraApplication): readonly LabelledCredential[] {
  const label = (kind: string, credential: EntraApplicationCredential) => `${kind} '${credential.displayName ?? credential.keyId}'`;
  return [
    ...application.passwordCredentials.map((credential) => ({ ...credential, kind: 'secret' as const, label: label('secret', credential) })),
    ...application.keyCredentials.map((credential) => ({ ...credential, kind: 'certificate' as const, label: label('certificate', credential) })),
  ];
}
