import { Anchor } from '@mantine/core';
import { useSignOut } from './api';

/** For the MFA steps: a way out for someone who signed in with the wrong account. */
export function SignOutLink() {
  const { signOut } = useSignOut();
  return (
    <Anchor component="button" type="button" size="sm" c="dimmed" onClick={signOut}>
      Sign out
    </Anchor>
  );
}
