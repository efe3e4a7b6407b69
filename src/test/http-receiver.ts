import { createServer, type RequestListener } from 'node:http';

/** A local HTTP server standing in for what Tandem calls out to (a webhook endpoint). */
export type HttpReceiver = { port: number; url: string; close(): Promise<void> };

/** Listens on a free port of 127.0.0.1 and answers with `handler`. */
export async function startHttpReceiver(handler: RequestListener): Promise<HttpReceiver> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async close() {
      // A request left hanging on purpose would otherwise keep the server from closing.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
