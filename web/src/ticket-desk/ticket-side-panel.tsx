import { Tabs } from '@mantine/core';
import { useState } from 'react';
import { TicketAssetsCard } from '../systems/ticket-assets-card';
import { AttachmentsCard } from '../tickets/attachments-card';
import { LinksCard } from '../tickets/links-card';
import { TimeCard } from '../tickets/time-card';
import type { Ticket, TicketDetail, TicketWatcher } from '../tickets/types';
import { WatchersCard } from '../tickets/watchers-card';
import type { Party } from '../ui/api-types';

const TABS = ['Attachments', 'Time', 'Assets', 'Links', 'Watchers'] as const;
type Tab = (typeof TABS)[number];

/**
 * Attachments, time, assets, links and watchers in one tabbed panel beside the conversation,
 * instead of a stack of cards. Each tab keeps its own card (heading, region and actions); only the
 * open tab is mounted, so its records are fetched when it is opened.
 */
export function TicketSidePanel(props: {
  slug: string;
  ticket: Ticket;
  parties: Party[];
  watchers: TicketWatcher[];
  timeByParty: TicketDetail['timeByParty'];
  myParty: { id: string; kind: 'internal' | 'provider' } | null;
}) {
  const { slug, ticket, parties, watchers, timeByParty, myParty } = props;
  const [tab, setTab] = useState<Tab>('Attachments');
  return (
    <Tabs
      value={tab}
      onChange={(value) => value && setTab(value as Tab)}
      aria-label="Ticket records"
      // Only the open tab's records load: the page asks the server for less on arrival.
      keepMounted={false}
    >
      <Tabs.List grow mb="xs">
        {TABS.map((t) => (
          <Tabs.Tab key={t} value={t} px={6} fz="xs">
            {t}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      <Tabs.Panel value="Attachments">
        <AttachmentsCard slug={slug} ticketKey={ticket.key} mayUpload={ticket.abilities.comment === true} />
      </Tabs.Panel>
      <Tabs.Panel value="Time">
        <TimeCard slug={slug} ticket={ticket} timeByParty={timeByParty} parties={parties} />
      </Tabs.Panel>
      <Tabs.Panel value="Assets">
        <TicketAssetsCard slug={slug} ticketKey={ticket.key} />
      </Tabs.Panel>
      <Tabs.Panel value="Links">
        <LinksCard
          key={`links-${ticket.key}`}
          slug={slug}
          ticketKey={ticket.key}
          mayLink={ticket.abilities.update === true}
        />
      </Tabs.Panel>
      <Tabs.Panel value="Watchers">
        <WatchersCard
          key={`watchers-${ticket.key}`}
          slug={slug}
          ticket={ticket}
          watchers={watchers}
          parties={parties}
          myParty={myParty}
        />
      </Tabs.Panel>
    </Tabs>
  );
}
