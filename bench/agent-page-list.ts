import type { Page } from 'playwright-core';

export type AgentPage = { name: string; url: string; ready: () => Promise<unknown> };

/** The agent's main pages on the demo and when each shows with its data (both agent-page benches). */
export function agentPages(page: Page, key: string): AgentPage[] {
  return [
    {
      name: 'Home',
      url: '/w/acme',
      ready: () =>
        page
          .locator('h1')
          .first()
          .waitFor()
          .then(() => page.waitForSelector('[aria-busy="true"]', { state: 'detached' })),
    },
    {
      name: 'Queue: my work',
      url: '/w/acme/tickets',
      ready: () => page.locator('table[aria-label="Tickets"] tbody tr').first().waitFor(),
    },
    {
      name: 'Queue: my party’s lane',
      url: '/w/acme/tickets?queue=lane',
      ready: () => page.locator('table[aria-label="Tickets"] tbody tr').first().waitFor(),
    },
    {
      name: 'Queue: everything',
      url: '/w/acme/tickets?queue=all',
      ready: () => page.locator('table[aria-label="Tickets"] tbody tr').first().waitFor(),
    },
    {
      name: 'Ticket page',
      url: `/w/acme/tickets/${key}`,
      ready: () =>
        page
          .getByRole('list', { name: 'Conversation' })
          .or(page.getByText('No replies or notes yet.'))
          .first()
          .waitFor(),
    },
    {
      name: 'New ticket',
      url: '/w/acme/tickets/new',
      ready: () => page.locator('input[placeholder="Choose an item"]').waitFor(),
    },
  ];
}
