import type { Page } from 'playwright-core';
import { launchBrowser, newPerson, type Person, signInPasswordOnly } from '../e2e/browser.ts';
import { freshPostgresDatabase, type RunningServer, startServer } from '../e2e/server.ts';

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

export type IanOnTheDemo = { ian: Person; page: Page; key: string; server: RunningServer };

/**
 * The agent-page benches' set-up: the built server with the demo on a fresh database (PostgreSQL
 * when TEST_DATABASE_URL is set, dropped afterwards), Ian (internal agent) signed in at 1440 × 900,
 * and the key of the first ticket in his lane. `beforeSignIn` runs on the page first (init scripts).
 */
export async function withIanOnTheDemo(
  work: (demo: IanOnTheDemo) => Promise<void>,
  beforeSignIn?: (page: Page) => Promise<void>,
): Promise<void> {
  const postgres = await freshPostgresDatabase();
  const server = await startServer(postgres ? { databaseUrl: postgres.url } : {});
  const browser = await launchBrowser();
  try {
    const ian = await newPerson(browser, server.url, { width: 1440, height: 900 });
    await beforeSignIn?.(ian.page);
    await signInPasswordOnly(ian.page, 'ian@acme.example');
    const key = (await ian.page.evaluate(async () => {
      const r = await fetch('/api/v1/w/acme/tickets?queue=lane&limit=1');
      return ((await r.json()) as { items: Array<{ key: string }> }).items[0]!.key;
    })) as string;
    await work({ ian, page: ian.page, key, server });
  } finally {
    await browser.close();
    await server.stop();
    await postgres?.drop();
  }
}
