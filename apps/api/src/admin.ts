/** `palisade admin …`: what must work before anyone can sign in (the first tenant and its owner), and key rotation. */
import { InputError } from '@palisade/core';
import { checkPasswordPolicy, createSecretSealer, parseMasterKey, rewrapAllSecrets } from '@palisade/auth';
import type { RewrapReport } from '@palisade/auth';
import type { Platform } from './platform.ts';

export interface CreatedTenant {
  readonly tenantId: string;
  readonly userId: string;
  /** False when the owner's email already had an account (it joins the new tenant with its own password). */
  readonly userCreated: boolean;
}

export async function createTenant(platform: Platform, input: { readonly name: string; readonly ownerEmail: string; readonly password: string }): Promise<CreatedTenant> {
  const email = input.ownerEmail.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new InputError('USAGE', `--owner-email: "${input.ownerEmail}" is not an email address`);
  const name = input.name.trim();
  if (!name) throw new InputError('USAGE', '--name: must not be empty');
  const { system } = platform.store;
  let user = await system.findUserByEmail(email);
  const userCreated = !user;
  if (!user) {
    checkPasswordPolicy(input.password, 'password');
    user = await system.createUser({ email, passwordHash: await platform.passwords.hash(input.password) });
  }
  const tenant = await system.createTenant({ name });
  const scoped = platform.store.forTenant(tenant.id);
  await scoped.addMember(user.id, 'owner');
  await scoped.audit({ actor: 'system', action: 'tenant.create', target: `tenant:${tenant.id}`, details: { name, owner: `user:${user.id}` } });
  return { tenantId: tenant.id, userId: user.id, userCreated };
}

/** Re-wraps every stored secret's data key under a new master key (the ciphertexts stay). */
export async function rotateMasterKey(platform: Platform, newKeyText: string): Promise<RewrapReport> {
  const to = createSecretSealer({ masterKey: parseMasterKey(newKeyText, 'the new master key') });
  return rewrapAllSecrets(platform.store.system, { from: [platform.sealer], to });
}
