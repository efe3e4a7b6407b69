import { Anchor } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useLogout } from './api';

/** For the MFA steps: a way out for someone who signed in with the wrong account. */
export function SignOutLink() {
  const logout = useLogout();
  const navigate = useNavigate();
  return (
    <Anchor
      component="button"
      type="button"
      size="sm"
      c="dimmed"
      onClick={() =>
        logout.mutate(undefined, { onSettled: () => void navigate({ to: '/login', search: {} }) })
      }
    >
      Sign out
    </Anchor>
  );
}
