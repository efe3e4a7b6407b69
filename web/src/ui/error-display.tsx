import { Alert, Button, Group, List, Text } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { ApiError } from './api-client';

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

function errorTitle(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong';
  if (error.status === 0) return 'No connection';
  if (error.status === 403) return 'Not allowed';
  if (error.status === 404) return 'Not found';
  if (error.status === 409) return 'Changed by someone else';
  if (error.status === 429) return 'Too many attempts';
  if (error.status >= 500) return 'Tandem had a problem';
  return 'That did not work';
}

interface ErrorStateProps {
  error: unknown;
  /** Shown as a "Try again" button, for a load that failed. */
  onRetry?: () => void;
  title?: string;
}

/** Whether trying the same request again can help: not for a refusal (403), a missing thing (404) or bad input. */
function isRetryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
}

/** A failed load or action, with the server's message and, when it helps, a retry. */
export function ErrorState({ error, onRetry, title }: ErrorStateProps) {
  const issues = error instanceof ApiError ? error.fieldIssues : [];
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle aria-hidden />}
      title={title ?? errorTitle(error)}
    >
      <Text size="sm">{errorMessage(error)}</Text>
      {issues.length > 0 && (
        <List size="sm" mt="xs">
          {issues.map((issue) => (
            <List.Item key={`${issue.path}:${issue.message}`}>
              {issue.path ? `${issue.path}: ` : ''}
              {issue.message}
            </List.Item>
          ))}
        </List>
      )}
      {onRetry && isRetryable(error) && (
        <Group mt="sm">
          <Button
            size="xs"
            variant="light"
            color="red"
            leftSection={<IconRefresh size={14} aria-hidden />}
            onClick={onRetry}
          >
            Try again
          </Button>
        </Group>
      )}
    </Alert>
  );
}

/** The part of a failed form submission that belongs to no one field. */
export function FormAlert({
  message,
  title = 'That did not work',
}: {
  message: string | null;
  title?: string;
}) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={title} role="alert">
      <Text size="sm">{message}</Text>
    </Alert>
  );
}

/**
 * Splits a failed form submission into per-field messages and a message for the form as a whole
 * (anything that is not a field the form shows).
 */
export function formErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
): { field: Partial<Record<F, string>>; form: string | null } {
  if (!error) return { field: {}, form: null };
  const field: Partial<Record<F, string>> = {};
  const leftover: string[] = [];
  const issues = error instanceof ApiError ? error.fieldIssues : [];
  for (const issue of issues) {
    const name = fields.find((f) => issue.path === f || issue.path.startsWith(`${f}.`));
    if (name && !field[name]) field[name] = issue.message;
    else if (!name) leftover.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
  }
  if (issues.length === 0) return { field, form: errorMessage(error) };
  return { field, form: leftover.length > 0 ? leftover.join(' ') : null };
}
