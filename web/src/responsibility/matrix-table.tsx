import { IconAlertOctagon, IconAlertTriangle, IconDots } from '@tabler/icons-react';
import { memo } from 'react';
import type { PartyRef } from '../ui/api-types';
import type { Assignment, AssignmentChange, Gap, Service } from './api';
import classes from './matrix.module.css';
import { assignmentKey, cellKey, RACI_NAMES, RACI_ROLES } from './raci';
import { PriorityBadge } from './service-priorities';

export type ToggleHandler = (
  assignment: Omit<Assignment, 'personName'> & { personName?: string | null },
  exists: boolean,
) => void;

interface MatrixTableProps {
  services: Service[];
  parties: PartyRef[];
  cells: Map<string, Assignment[]>;
  gaps: Map<string, Gap[]>;
  changes: Readonly<Record<string, Readonly<Record<string, AssignmentChange>>>>;
  editing: boolean;
  onToggle: ToggleHandler;
  /** Opens the service's settings (internal lead); absent for everyone else. */
  onManage?: (service: Service) => void;
  caption: string;
}

/** Services (rows) × parties (columns); each cell lists the roles the party and its named people hold. */
export function MatrixTable(props: MatrixTableProps) {
  const { services, parties, cells, gaps, changes, editing, onToggle, onManage, caption } = props;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll it
    <section className={classes.scroller} aria-label="Responsibility matrix" tabIndex={0}>
      <table
        className={classes.table}
        style={{ minWidth: `calc(var(--service-col) + ${parties.length} * 150px)` }}
      >
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className={`${classes.serviceCell} ${classes.serviceCol}`}>
              Service
            </th>
            {parties.map((party) => (
              <th key={party.id} scope="col">
                {party.name}
                <div className={classes.tag}>{party.kind === 'internal' ? 'Internal' : 'Provider'}</div>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {services.map((service) => (
            <MatrixRow
              key={service.id}
              service={service}
              parties={parties}
              cells={cells}
              gaps={gaps.get(service.id)}
              changes={changes[service.id]}
              editing={editing && service.status === 'active'}
              onToggle={onToggle}
              onManage={onManage}
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}

interface MatrixRowProps {
  service: Service;
  parties: PartyRef[];
  cells: Map<string, Assignment[]>;
  gaps: Gap[] | undefined;
  changes: Readonly<Record<string, AssignmentChange>> | undefined;
  editing: boolean;
  onToggle: ToggleHandler;
  onManage?: (service: Service) => void;
}

// Memoised: toggling a role re-renders only the row it belongs to.
const MatrixRow = memo(function MatrixRow(props: MatrixRowProps) {
  const { service, parties, cells, gaps, changes, editing, onToggle, onManage } = props;
  const hasGap = gaps?.some((g) => g.severity === 'gap');
  const hasWarning = gaps?.some((g) => g.severity === 'warning');
  const rowClass = [
    hasGap ? classes.rowGap : hasWarning ? classes.rowWarning : '',
    service.status === 'retired' ? classes.rowRetired : '',
  ].join(' ');

  return (
    <tr id={`service-${service.id}`} className={rowClass}>
      <th scope="row" className={classes.serviceCell}>
        <div className={classes.serviceHead}>
          <span className={classes.serviceName}>{service.name}</span>
          {onManage && (
            <button
              type="button"
              className={classes.manage}
              aria-label={`Manage service ${service.name}`}
              title="Manage service"
              onClick={() => onManage(service)}
            >
              <IconDots size={16} aria-hidden />
            </button>
          )}
        </div>
        {service.status === 'retired' && <span className={classes.tag}>Retired</span>}
        <PriorityBadge priority={service.businessPriority} />
        {service.carriesBusinessDecisions && (
          <span className={classes.tag} title={service.businessDecisionNames?.join('; ')}>
            Business decisions
          </span>
        )}
        {gaps?.map((gap) => (
          <div
            key={gap.rule}
            className={`${classes.problem} ${gap.severity === 'gap' ? classes.problemGap : classes.problemWarning}`}
          >
            {gap.severity === 'gap' ? (
              <IconAlertOctagon size={14} aria-hidden />
            ) : (
              <IconAlertTriangle size={14} aria-hidden />
            )}
            <span>
              <strong>{gap.severity === 'gap' ? 'Gap: ' : 'Warning: '}</strong>
              {gap.message}
            </span>
          </div>
        ))}
      </th>
      {parties.map((party) => {
        const held = cells.get(cellKey(service.id, party.id)) ?? [];
        return editing ? (
          <EditCell
            key={party.id}
            service={service}
            party={party}
            held={held}
            changes={changes}
            onToggle={onToggle}
          />
        ) : (
          <td key={party.id}>
            <ViewCell held={held} />
          </td>
        );
      })}
    </tr>
  );
});

function ViewCell({ held }: { held: Assignment[] }) {
  if (held.length === 0)
    return (
      <span className={classes.none}>
        <span aria-hidden>—</span>
        <span className="visually-hidden">No role</span>
      </span>
    );
  return (
    <ul className={classes.roles}>
      {held.map((a) => (
        <li key={assignmentKey(a)} className={`${classes.role} ${classes[`role${a.role}`]}`}>
          <abbr title={RACI_NAMES[a.role]} style={{ textDecoration: 'none' }}>
            {a.role}
          </abbr>
          {a.membershipId && <span className={classes.person}>{a.personName ?? 'Named person'}</span>}
        </li>
      ))}
    </ul>
  );
}

interface EditCellProps {
  service: Service;
  party: PartyRef;
  held: Assignment[];
  changes: Readonly<Record<string, AssignmentChange>> | undefined;
  onToggle: ToggleHandler;
}

function EditCell({ service, party, held, changes, onToggle }: EditCellProps) {
  const heldKeys = new Set(held.map(assignmentKey));
  const named = held.filter((a) => a.membershipId !== null);
  // Named people added in this change set show beside those already in the map.
  const addedNamed = Object.values(changes ?? {}).filter(
    (c) => c.op === 'add' && c.membershipId !== null && c.partyId === party.id,
  );
  const cellChanged = Object.values(changes ?? {}).some((c) => c.partyId === party.id);

  return (
    <td className={cellChanged ? classes.changedCell : undefined}>
      {/* Each toggle's label names its party, role and service, so the cell needs no group of its own. */}
      <div className={classes.roles}>
        {RACI_ROLES.map((role) => {
          const assignment = { serviceId: service.id, partyId: party.id, membershipId: null, role };
          const key = assignmentKey(assignment);
          const exists = heldKeys.has(key);
          const change = changes?.[key];
          const pressed = exists !== Boolean(change);
          return (
            <button
              key={role}
              type="button"
              className={`${classes.toggle} ${classes[`role${role}`]}`}
              aria-pressed={pressed}
              aria-label={`${party.name} ${RACI_NAMES[role]} for ${service.name}`}
              data-change={change?.op}
              onClick={() => onToggle(assignment, exists)}
            >
              {role}
            </button>
          );
        })}
        {[...named, ...addedNamed].map((a) => {
          const key = assignmentKey(a);
          const exists = heldKeys.has(key);
          const change = changes?.[key];
          return (
            <button
              key={key}
              type="button"
              className={`${classes.toggle} ${classes[`role${a.role}`]}`}
              aria-pressed={exists !== Boolean(change)}
              aria-label={`${a.personName ?? 'Named person'} ${RACI_NAMES[a.role]} for ${service.name}`}
              title={`${RACI_NAMES[a.role]}: ${a.personName ?? 'named person'}`}
              data-change={change?.op}
              onClick={() => onToggle(a, exists)}
            >
              {a.role} <span className={classes.person}>{a.personName}</span>
            </button>
          );
        })}
      </div>
    </td>
  );
}
