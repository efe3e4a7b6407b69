import { Forbidden } from '../server/errors.ts';

/** API tokens: each member manages only their own, and only a signed-in person mints new ones. */
export type TokenAction = 'list' | 'create' | 'revoke';

/** Who is asking: a member, through a session or through an API token. */
export type TokenCaller = { viaToken: boolean };

export function canToken(caller: TokenCaller, action: TokenAction): boolean {
  switch (action) {
    case 'list':
    case 'revoke':
      return true;
    case 'create':
      // Security: a leaked token must not be able to mint longer-lived ones.
      return !caller.viaToken;
  }
}

const MESSAGES: Record<TokenAction, string> = {
  list: 'You may not list API tokens here.',
  revoke: 'You may not revoke this API token.',
  create: 'API tokens are created by a signed-in person, not by another token.',
};

export function assertCanToken(caller: TokenCaller, action: TokenAction) {
  if (!canToken(caller, action))
    throw new Forbidden(MESSAGES[action], action === 'create' ? 'SESSION_REQUIRED' : 'TOKEN_RIGHT_REQUIRED');
}

export function tokenAbilities(caller: TokenCaller): Record<TokenAction, boolean> {
  return {
    list: canToken(caller, 'list'),
    create: canToken(caller, 'create'),
    revoke: canToken(caller, 'revoke'),
  };
}
