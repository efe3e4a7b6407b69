import { Alert, Stack, Text } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { CopyField } from '../ui/copy-field';
import type { CredentialAnswer } from './api';

/** A token or secret is shown once, right after it is made; Tandem keeps only a digest or a sealed copy. */
export function CredentialNotice({ answer, origin }: { answer: CredentialAnswer; origin: string }) {
  const { credential, integration } = answer;
  return (
    <Alert
      color="yellow"
      variant="light"
      icon={<IconKey aria-hidden />}
      title="Copy this now: it is shown once"
    >
      <Stack gap="sm">
        <CopyField label="Endpoint URL" value={`${origin}${integration.endpoint}`} />
        <CopyField
          label={credential.kind === 'bearer_token' ? 'Bearer token' : 'Signing secret'}
          value={credential.value}
          description={
            credential.kind === 'bearer_token'
              ? 'Put it in the Alertmanager receiver: http_config.authorization (type Bearer, credentials).'
              : 'Sign each post: X-Tandem-Signature = sha256=HMAC-SHA256(secret, "<X-Tandem-Timestamp>.<body>").'
          }
        />
        <Text size="xs" c="dimmed">
          Lost it? Rotate it on the integration's page.
        </Text>
      </Stack>
    </Alert>
  );
}
