import { Button } from '@mantine/core';
import { IconShieldPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useWorkspace } from '../workspaces/api';
import type { NewRisk } from './api';
import { RaiseRiskDialog } from './raise-risk-dialog';

/**
 * "Raise a risk" from another record (a problem, a major incident, an access review's finding);
 * the risk keeps the link. `title` prefills the form (e.g. naming the account and the finding).
 */
export function RaiseRiskButton({
  slug,
  source,
  title,
  label,
}: {
  slug: string;
  source: NonNullable<NewRisk['source']>;
  title?: string | undefined;
  /** The button's accessible name, when several sit on one page. */
  label?: string | undefined;
}) {
  const [open, setOpen] = useState(false);
  const me = useWorkspace(slug).data?.membership;
  // Leads and agents of a party raise risks (the server refuses others).
  if (!me || me.partyKind == null || me.role === 'viewer' || me.role === 'requester') return null;
  return (
    <>
      <Button
        size="xs"
        variant="default"
        leftSection={<IconShieldPlus size={14} aria-hidden />}
        onClick={() => setOpen(true)}
        aria-label={label}
      >
        Raise a risk
      </Button>
      <RaiseRiskDialog
        slug={slug}
        opened={open}
        onClose={() => setOpen(false)}
        source={source}
        initialTitle={title}
      />
    </>
  );
}
