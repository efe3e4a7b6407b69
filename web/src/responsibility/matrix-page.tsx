import { Alert, Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEye, IconPencil, IconPlus } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useCallback, useMemo, useRef, useState, useTransition } from 'react';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { pluralise } from '../ui/format';
import { Page } from '../ui/page-layout';
import { can, useWorkspace } from '../workspaces/api';
import { type AssignmentChange, type Service, useMapVersions, useResponsibilityMap } from './api';
import { ChangesDrawer } from './changes-drawer';
import { EditBar, LeaveGuard } from './edit-bar';
import { GapReport } from './gap-report';
import { type MatrixFilterState, MatrixFilters } from './matrix-filters';
import { MatrixUnavailable, NoServices } from './matrix-states';
import { MatrixTable, type ToggleHandler } from './matrix-table';
import {
  assignmentKey,
  type ChangeSet,
  changeCount,
  EMPTY_CHANGES,
  indexCells,
  indexGaps,
  toggleAssignment,
} from './raci';
import { ResponsibilityTabs } from './responsibility-tabs';
import { ServiceDialog, ServiceStatusDialog } from './service-dialog';
import { ServicePriorities } from './service-priorities';
import { ResponsibilityStaffOnly } from './staff-only';
import { VersionBar } from './version-bar';

const route = getRouteApi('/_app/w/$ws/responsibility');

export function MatrixPage() {
  const { ws: slug } = route.useParams();
  const detail = useWorkspace(slug).data;
  if (!can(detail?.abilities, 'readResponsibility')) return <ResponsibilityStaffOnly />;
  return <Matrix slug={slug} />;
}

function Matrix({ slug }: { slug: string }) {
  const { version: requested } = route.useSearch();
  const navigate = route.useNavigate();
  const map = useResponsibilityMap(slug, requested);
  const versions = useMapVersions(slug);
  const [editing, setEditing] = useState(false);
  const [changes, setChanges] = useState<ChangeSet>(EMPTY_CHANGES);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  const [filters, setFilters] = useState<MatrixFilterState>({
    q: '',
    onlyProblems: false,
    showRetired: false,
  });
  const [adding, setAdding] = useState(false);
  // The service stays set while its dialog closes, so the closing dialog keeps its title.
  const [managedId, setManagedId] = useState<string | null>(null);
  const [manageOpen, setManageOpen] = useState(false);
  const [statusOpen, setStatusOpen] = useState(false);
  // Switching 1,000+ cells between reading and editing is a big render: keep the page responsive meanwhile.
  const [switching, startSwitch] = useTransition();
  const allowLeave = useRef(false);

  const data = map.data;
  const cells = useMemo(() => indexCells(data?.assignments ?? []), [data]);
  const gaps = useMemo(() => indexGaps(data?.gaps ?? []), [data]);
  const shown = useMemo(() => {
    const q = filters.q.trim().toLowerCase();
    return (data?.services ?? []).filter(
      (s) =>
        (filters.showRetired || s.status === 'active') &&
        (!filters.onlyProblems || gaps.has(s.id)) &&
        (!q || s.name.toLowerCase().includes(q)),
    );
  }, [data, gaps, filters]);

  const onToggle = useCallback<ToggleHandler>(
    (assignment, exists) => setChanges((current) => toggleAssignment(current, assignment, exists)),
    [],
  );
  const undo = useCallback(
    (change: AssignmentChange) =>
      setChanges((current) => toggleAssignment(current, change, change.op === 'remove')),
    [],
  );
  const addNamed = useCallback(
    (assignment: Omit<AssignmentChange, 'op'>) =>
      setChanges((current) => {
        const exists = (data?.assignments ?? []).some(
          (a) =>
            a.serviceId === assignment.serviceId &&
            a.partyId === assignment.partyId &&
            a.membershipId === assignment.membershipId &&
            a.role === assignment.role,
        );
        // Already held, or already in the change set: nothing to add.
        if (exists || current[assignment.serviceId]?.[assignmentKey(assignment)]) return current;
        return toggleAssignment(current, assignment, false);
      }),
    [data],
  );
  const pickVersion = useCallback(
    (next: number | undefined) => void navigate({ search: next === undefined ? {} : { version: next } }),
    [navigate],
  );
  const onManage = useCallback((service: Service) => {
    setManagedId(service.id);
    setManageOpen(true);
  }, []);

  if (map.isPending || map.isError || !data) {
    return (
      <MatrixUnavailable
        slug={slug}
        error={map.isError ? map.error : null}
        onRetry={() => void map.refetch()}
      />
    );
  }

  const { abilities, version } = data;
  const count = changeCount(changes);
  const mayEdit = abilities.propose === true && version.isCurrent;
  const mayManage = abilities.manageServices === true && version.isCurrent;
  const managed = data.services.find((s) => s.id === managedId);
  const retiredCount = data.services.filter((s) => s.status === 'retired').length;
  const stopEditing = () => {
    setDrawerOpen(false);
    setDiscarding(false);
    startSwitch(() => {
      setEditing(false);
      setChanges(EMPTY_CHANGES);
    });
  };

  return (
    <Page
      title="Responsibility map"
      description="Which party is Accountable, Responsible, Consulted and Informed for each IT service."
      actions={
        <>
          {mayManage && !editing && (
            <Button
              variant="default"
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => setAdding(true)}
            >
              Add service
            </Button>
          )}
          {mayEdit && !editing && (
            <Button
              leftSection={<IconPencil size={16} aria-hidden />}
              loading={switching}
              onClick={() => startSwitch(() => setEditing(true))}
            >
              Propose changes
            </Button>
          )}
        </>
      }
    >
      <ResponsibilityTabs slug={slug} current="matrix" />
      <VersionBar
        editing={editing}
        slug={slug}
        version={version}
        versions={versions.data?.items}
        requested={requested}
        onPick={pickVersion}
      />
      {!version.isCurrent && (
        <Alert
          color="gray"
          variant="light"
          icon={<IconEye aria-hidden />}
          title={`Reading version ${version.number}`}
        >
          <Group justify="space-between" gap="sm">
            <Text size="sm">
              This is an older version of the map, shown read-only. Its gaps are those it had then.
            </Text>
            <Button size="xs" variant="light" onClick={() => pickVersion(undefined)}>
              Show the current version
            </Button>
          </Group>
        </Alert>
      )}
      <GapReport gaps={data.gaps} />
      <MatrixFilters value={filters} onChange={setFilters} retiredCount={retiredCount} />
      {data.services.length === 0 || shown.length === 0 ? (
        <NoServices
          filtered={data.services.length > 0}
          mayManage={mayManage}
          onClear={() => setFilters({ q: '', onlyProblems: false, showRetired: false })}
        />
      ) : (
        <>
          <Text size="xs" c="dimmed" aria-live="polite">
            {shown.length === data.services.length
              ? pluralise(shown.length, 'service')
              : `${shown.length} of ${pluralise(data.services.length, 'service')} shown`}
            . A: Accountable (exactly one), R: Responsible (at least one), C: Consulted, I: Informed.
            {editing ? ' Press a letter to give or take away that role; your changes are highlighted.' : ''}
          </Text>
          <MatrixTable
            services={shown}
            parties={data.parties}
            cells={cells}
            gaps={gaps}
            changes={changes}
            editing={editing}
            onToggle={onToggle}
            onManage={mayManage ? onManage : undefined}
            caption={`Responsibility map, version ${version.number}: services in rows, parties in columns.`}
          />
        </>
      )}
      {version.isCurrent && !editing && <ServicePriorities slug={slug} map={data} />}
      {/* After the table, so that it sticks to the bottom of the screen while the table scrolls by. */}
      {editing && (
        <EditBar
          count={count}
          onReview={() => setDrawerOpen(true)}
          onStop={() => (count > 0 ? setDiscarding(true) : stopEditing())}
        />
      )}
      <ChangesDrawer
        opened={drawerOpen}
        onClose={() => setDrawerOpen(false)}
        slug={slug}
        map={data}
        changes={changes}
        onUndo={undo}
        onAddNamed={addNamed}
        onSubmitted={(proposal) => {
          allowLeave.current = true;
          stopEditing();
          notifications.show({
            color: 'teal',
            message: `Proposal #${proposal.number} submitted. The map changes once the internal IT lead approves it.`,
          });
          void navigate({
            to: '/w/$ws/responsibility/proposals/$number',
            params: { ws: slug, number: String(proposal.number) },
          });
        }}
      />
      <LeaveGuard count={count} allowRef={allowLeave} />
      <ConfirmDialog
        opened={discarding}
        title={`Discard ${pluralise(count, 'change')}?`}
        confirmLabel="Discard changes"
        danger
        onConfirm={stopEditing}
        onClose={() => setDiscarding(false)}
      >
        Your changes have not been proposed yet. Leaving edit mode throws them away.
      </ConfirmDialog>
      <ServiceDialog opened={adding} slug={slug} onClose={() => setAdding(false)} />
      <ServiceDialog
        opened={manageOpen && managed !== undefined}
        slug={slug}
        service={managed}
        onClose={() => setManageOpen(false)}
        onChangeStatus={() => {
          setManageOpen(false);
          setStatusOpen(true);
        }}
      />
      <ServiceStatusDialog
        opened={statusOpen}
        slug={slug}
        service={managed}
        onClose={() => setStatusOpen(false)}
      />
    </Page>
  );
}
