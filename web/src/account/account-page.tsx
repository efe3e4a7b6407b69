import { Stack } from '@mantine/core';
import { useMe } from '../auth/api';
import { NotificationPreferencesSection } from '../notifications/preferences-section';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { MfaSection } from './mfa-section';
import { PasswordSection } from './password-section';
import { SessionsSection } from './sessions-section';
import { TokensSection } from './tokens-section';

export function AccountPage() {
  const me = useMe();
  return (
    <Page
      title="My account"
      description={me.data ? `Signed in as ${me.data.account.name} (${me.data.account.email}).` : undefined}
    >
      <QueryStatus query={me} rows={4} label="Loading your account" />
      {me.data && (
        <Stack gap="lg">
          <MfaSection account={me.data.account} />
          <PasswordSection />
          <SessionsSection />
          <TokensSection memberships={me.data.memberships} />
          <NotificationPreferencesSection memberships={me.data.memberships} />
        </Stack>
      )}
    </Page>
  );
}
