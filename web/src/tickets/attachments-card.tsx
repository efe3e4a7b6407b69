import { Anchor, Button, FileButton, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconPaperclip, IconUpload } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { errorMessage, FormAlert } from '../ui/error-display';
import { formatDateTime } from '../ui/format';
import { SideList } from '../ui/side-list';
import { TitledSection } from '../ui/titled-section';
import { attachmentUrl, MAX_ATTACHMENT_BYTES, useAttachments, useUploadAttachment } from './desk-api';

// What the server accepts (it checks the bytes too): images, PDF, ZIP, Office documents, text and CSV.
const ACCEPT = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'application/zip',
  '.docx',
  '.xlsx',
  '.pptx',
  '.doc',
  '.xls',
  '.ppt',
  'text/plain',
  'text/csv',
  '.txt',
  '.csv',
].join(',');

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Files on a ticket, each a download, and (for those who may write on it) a way to add one. */
export function AttachmentsCard({
  slug,
  ticketKey,
  mayUpload,
  hint,
}: {
  slug: string;
  ticketKey: string;
  mayUpload: boolean;
  hint?: string;
}) {
  const list = useAttachments(slug, ticketKey);
  const upload = useUploadAttachment(slug, ticketKey);
  const [tooBig, setTooBig] = useState<string | null>(null);
  // Clears the hidden input after each pick, so the same file can be picked again after a refusal.
  const resetRef = useRef<() => void>(null);

  function send(file: File | null) {
    upload.reset();
    setTooBig(null);
    if (!file) return;
    resetRef.current?.();
    if (file.size > MAX_ATTACHMENT_BYTES) {
      setTooBig(`${file.name} is ${formatBytes(file.size)}; files can be up to 10 MB.`);
      return;
    }
    upload.mutate(file, {
      onSuccess: () =>
        notifications.show({ color: 'teal', message: `${file.name} attached to ${ticketKey}.` }),
    });
  }

  return (
    <TitledSection title="Attachments" icon={IconPaperclip}>
      <SideList
        query={list}
        loadingLabel="Loading attachments"
        label="Files"
        empty={
          <>No files yet.{mayUpload ? ` ${hint ?? 'Add a screenshot or a document that helps.'}` : ''}</>
        }
        mb="sm"
        renderItem={(file) => (
          <li key={file.id}>
            <Anchor
              href={attachmentUrl(slug, ticketKey, file.id)}
              download={file.filename}
              size="sm"
              fw={600}
              style={{ overflowWrap: 'anywhere' }}
            >
              <IconDownload size={14} aria-hidden style={{ verticalAlign: '-2px', marginRight: 4 }} />
              {file.filename}
            </Anchor>
            <Text size="xs" c="dimmed">
              {file.contentType} · {formatBytes(file.sizeBytes)} · {formatDateTime(file.createdAt)}
            </Text>
          </li>
        )}
      />
      {mayUpload && (
        <Stack gap="xs">
          <FormAlert message={tooBig} title="File too large" />
          <FormAlert message={upload.isError ? errorMessage(upload.error) : null} title="File not attached" />
          <Group justify="space-between" gap="xs">
            <Text size="xs" c="dimmed">
              Up to 10 MB: images, PDF, ZIP, Office documents, text or CSV.
            </Text>
            <FileButton
              onChange={send}
              resetRef={resetRef}
              accept={ACCEPT}
              inputProps={{ 'aria-label': 'Attach a file' }}
            >
              {(props) => (
                <Button
                  {...props}
                  variant="light"
                  size="sm"
                  loading={upload.isPending}
                  leftSection={<IconUpload size={16} aria-hidden />}
                >
                  Attach a file
                </Button>
              )}
            </FileButton>
          </Group>
        </Stack>
      )}
    </TitledSection>
  );
}
