import { NavLink, Stack } from '@mantine/core';
import {
  IconActivityHeartbeat,
  IconAlertOctagon,
  IconBook,
  IconClipboardList,
  IconDoorExit,
  IconFileImport,
  IconGavel,
  IconHome,
  IconHourglass,
  IconKey,
  IconLogin2,
  IconMail,
  IconShieldCheck,
  IconTable,
  IconTimeline,
  IconUserCircle,
  IconUsersGroup,
  IconWebhook,
  IconWorldWww,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { GovernanceChangesNav } from '../changes/governance-nav';
import { EngagementNav } from '../engagements/engagement-nav';
import { ContinuityNav } from '../problems/continuity-nav';
import { LeadsNav } from '../reviews/reviews-nav';
import { RiskObligationNav } from '../risks/risk-obligation-nav';
import { ServiceDeskNav } from '../tickets/service-desk-nav';
import { NavLinkLink } from '../ui/nav-link-link';
import { can, workspaceQueryOptions } from '../workspaces/api';
import { isStaff } from '../workspaces/membership';

/** The main navigation: what the person's role and abilities open to them. Loaded beside the first page. */
export function Navigation({
  slug,
  pathname,
  isAdmin,
}: {
  slug: string | null;
  pathname: string;
  isAdmin: boolean;
}) {
  const workspace = useQuery({ ...workspaceQueryOptions(slug ?? ''), enabled: slug !== null });
  const abilities = slug ? workspace.data?.abilities : undefined;
  const base = slug ? `/w/${slug}` : null;

  return (
    <Stack gap={2}>
      {slug && base && (
        <>
          <NavLinkLink
            to="/w/$ws"
            params={{ ws: slug }}
            label="Home"
            activeOptions={{ exact: true }}
            leftSection={<IconHome size={18} aria-hidden />}
            active={pathname === base || pathname === `${base}/`}
          />
          {/* Service desk: the staff desk and the requester's portal (web/src/tickets, web/src/portal). */}
          <ServiceDeskNav slug={slug} pathname={pathname} membership={workspace.data?.membership} />
          <NavLinkLink
            to="/w/$ws/knowledge"
            params={{ ws: slug }}
            search={{}}
            label="Knowledge base"
            leftSection={<IconBook size={18} aria-hidden />}
            active={pathname.startsWith(`${base}/knowledge`)}
          />
          {can(abilities, 'readMembers') && (
            <NavLinkLink
              to="/w/$ws/members"
              params={{ ws: slug }}
              search={{}}
              label="Members & parties"
              leftSection={<IconUsersGroup size={18} aria-hidden />}
              active={pathname.startsWith(`${base}/members`) || pathname.startsWith(`${base}/parties`)}
            />
          )}
          {can(abilities, 'readResponsibility') && (
            <NavLinkLink
              to="/w/$ws/responsibility"
              params={{ ws: slug }}
              search={{}}
              label="Responsibility map"
              leftSection={<IconTable size={18} aria-hidden />}
              active={pathname.startsWith(`${base}/responsibility`)}
            />
          )}
          {can(abilities, 'readDecisions') && (
            <NavLinkLink
              to="/w/$ws/decisions"
              params={{ ws: slug }}
              search={{}}
              label="Decisions"
              leftSection={<IconGavel size={18} aria-hidden />}
              active={pathname.startsWith(`${base}/decisions`)}
            />
          )}
          {/* Governance: privileged access (register, grants, reviews) for staff of either party. */}
          {isStaff(workspace.data?.membership) && (
            <NavLinkLink
              to="/w/$ws/access"
              params={{ ws: slug }}
              label="Privileged access"
              leftSection={<IconKey size={18} aria-hidden />}
              active={pathname.startsWith(`${base}/access`)}
            />
          )}
          {/* SLAs, calendars, cover and the on-call rota: staff of either party. */}
          {workspace.data?.membership.partyKind != null && (
            <NavLinkLink
              to="/w/$ws/sla"
              params={{ ws: slug }}
              label="SLAs and cover"
              leftSection={<IconHourglass size={18} aria-hidden />}
              active={pathname.startsWith(`${base}/sla`)}
            />
          )}
          {/* Problems, systems, knowledge health and handovers (web/src/problems, systems, handovers). */}
          <ContinuityNav slug={slug} pathname={pathname} membership={workspace.data?.membership} />
          {isStaff(workspace.data?.membership) && (
            <>
              <NavLinkLink
                to="/w/$ws/incidents"
                params={{ ws: slug }}
                search={{}}
                label="Major incidents"
                leftSection={<IconAlertOctagon size={18} aria-hidden />}
                active={pathname.startsWith(`${base}/incidents`)}
              />
              <NavLinkLink
                to="/w/$ws/backlog"
                params={{ ws: slug }}
                label="Improvement backlog"
                leftSection={<IconTimeline size={18} aria-hidden />}
                active={pathname.startsWith(`${base}/backlog`)}
              />
            </>
          )}
          {/* Leaders' view: service reviews (web/src/reviews). */}
          <LeadsNav slug={slug} pathname={pathname} membership={workspace.data?.membership} />
          {/* Governance: changes, risks and obligations, for staff of either party. */}
          {isStaff(workspace.data?.membership) && (
            <NavLink
              label="Governance"
              leftSection={<IconShieldCheck size={18} aria-hidden />}
              defaultOpened
              childrenOffset={20}
            >
              {/* Governance: changes and the change calendar (web/src/changes). */}
              <GovernanceChangesNav slug={slug} pathname={pathname} />
              {/* Governance: risks and obligations (web/src/risks, web/src/obligations). */}
              <RiskObligationNav slug={slug} pathname={pathname} membership={workspace.data?.membership} />
              {/* Governance: the engagement and offboarding (web/src/engagements, web/src/offboarding). */}
              <EngagementNav slug={slug} pathname={pathname} membership={workspace.data?.membership} />
            </NavLink>
          )}
          {/* Monitoring integrations: the leads of either party configure them (web/src/integrations). */}
          {workspace.data?.membership.role === 'lead' && workspace.data.membership.partyKind != null && (
            <NavLinkLink
              to="/w/$ws/integrations"
              params={{ ws: slug }}
              label="Monitoring"
              leftSection={<IconActivityHeartbeat size={18} aria-hidden />}
              active={pathname.startsWith(`${base}/integrations`)}
            />
          )}
          {/* E-mail channels and their quarantine: the leads of either party (web/src/mail). */}
          {workspace.data?.membership.role === 'lead' && workspace.data.membership.partyKind != null && (
            <NavLinkLink
              to="/w/$ws/mail"
              params={{ ws: slug }}
              label="E-mail"
              leftSection={<IconMail size={18} aria-hidden />}
              active={pathname.startsWith(`${base}/mail`)}
            />
          )}
          {/* Single sign-on: which e-mail domains may join is the internal lead's call (web/src/sso). */}
          {workspace.data?.membership.role === 'lead' &&
            workspace.data.membership.partyKind === 'internal' && (
              <NavLinkLink
                to="/w/$ws/sign-in-domains"
                params={{ ws: slug }}
                label="Sign-in domains"
                leftSection={<IconWorldWww size={18} aria-hidden />}
                active={pathname.startsWith(`${base}/sign-in-domains`)}
              />
            )}
          {/* Single sign-on's providers and events: the internal lead's, or an instance administrator's (web/src/sso). */}
          {(isAdmin ||
            (workspace.data?.membership.role === 'lead' &&
              workspace.data.membership.partyKind === 'internal')) && (
            <NavLinkLink
              to="/w/$ws/single-sign-on"
              params={{ ws: slug }}
              label="Single sign-on"
              leftSection={<IconLogin2 size={18} aria-hidden />}
              active={pathname.startsWith(`${base}/single-sign-on`)}
            />
          )}
          {/* Imports from another desk: the internal lead's (web/src/imports). */}
          {workspace.data?.membership.role === 'lead' &&
            workspace.data.membership.partyKind === 'internal' && (
              <NavLinkLink
                to="/w/$ws/import"
                params={{ ws: slug }}
                label="Import"
                leftSection={<IconFileImport size={18} aria-hidden />}
                active={pathname.startsWith(`${base}/import`)}
              />
            )}
          {/* Notifications: webhooks and delivery logs are the internal lead's (the server refuses others). */}
          {(isAdmin ||
            (workspace.data?.membership.role === 'lead' &&
              workspace.data.membership.partyKind === 'internal')) && (
            <NavLinkLink
              to="/w/$ws/webhooks"
              params={{ ws: slug }}
              label="Webhooks"
              leftSection={<IconWebhook size={18} aria-hidden />}
              active={pathname.startsWith(`${base}/webhooks`)}
            />
          )}
          {/* Governance: the exit plan (the internal party's staff read it; the internal lead exports). */}
          {isStaff(workspace.data?.membership) && workspace.data?.membership.partyKind === 'internal' && (
            <NavLinkLink
              to="/w/$ws/exit"
              params={{ ws: slug }}
              label="Exit plan"
              leftSection={<IconDoorExit size={18} aria-hidden />}
              active={pathname.startsWith(`${base}/exit`)}
            />
          )}
          {can(abilities, 'readAudit') && (
            <NavLinkLink
              to="/w/$ws/audit"
              params={{ ws: slug }}
              search={{}}
              label="Audit log"
              leftSection={<IconClipboardList size={18} aria-hidden />}
              active={pathname.startsWith(`${base}/audit`)}
            />
          )}
        </>
      )}
      <NavLinkLink
        to="/account"
        label="My account"
        leftSection={<IconUserCircle size={18} aria-hidden />}
        active={pathname === '/account'}
      />
    </Stack>
  );
}
