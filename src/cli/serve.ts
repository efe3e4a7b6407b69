import pino from 'pino';
import { startAccessWorkers } from '../access/grant-expiry.job.ts';
import { countAccounts } from '../accounts/admin.ts';
import { startAlertWorker } from '../alerts/process.ts';
import { type Config, loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { demoSignInHelp, seedDemo } from '../demo/seed.ts';
import { childProcessRunner } from '../exit/child-runner.ts';
import { startExitWorker } from '../exit/runs.ts';
import { startIncidentWorkers } from '../incidents/update-due.job.ts';
import { refreshStatistics, startDatabaseUpkeep } from '../jobs/database-upkeep.ts';
import { createMailSender, startMailWorker } from '../jobs/mail.ts';
import { startJobs } from '../jobs/queue.ts';
import { startImapPollers } from '../mail/imap-poller.ts';
import { startMailIntakeWorker } from '../mail/process.ts';
import { startSmtpReceiver } from '../mail/smtp-receiver.ts';
import { threadOutbound } from '../mail/threading.ts';
import { startNotificationWorkers } from '../notifications/workers.ts';
import { startObligationWorkers } from '../obligations/jobs.ts';
import { startRecurrenceWorker } from '../problems/recurrence-job.ts';
import { readinessPackSection } from '../readiness/pack-section.ts';
import { queueDailySnapshots, startReviewWorkers } from '../reviews/snapshots.ts';
import { startRiskWorkers } from '../risks/workers.ts';
import { buildApp } from '../server/app.ts';
import { assertSecretKeyMatches, loadSecretKey } from '../server/secret-key.ts';
import { queueHistoryBuild, resumeHistoryBuilds, startSimulationWorker } from '../simulation/history.ts';
import { startSlaWorker } from '../sla/escalation.ts';

const FIRST_START_LOCK_KEY = 7_216_002;

export async function serve(options: { demo?: boolean }) {
  const started = performance.now();
  // Where start-up time goes, in the ready line (bench/README.md, "Start-up").
  const phasesMs: Record<string, number> = { boot: Math.round(started) };
  let phaseStart = started;
  const phaseDone = (name: string) => {
    const now = performance.now();
    phasesMs[name] = Math.round(now - phaseStart);
    phaseStart = now;
  };
  const config: Config = { ...loadConfig(), ...(options.demo === false && { demo: false }) };
  const logger = pino({ level: config.logLevel, base: { service: 'tandem' } });
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
    poolSize: config.databasePoolSize,
    preparedStatements: config.databasePreparedStatements,
    logger,
  });
  phaseDone('database');
  const { key, source } = loadSecretKey(config);
  try {
    // Before any worker starts: an instance with the wrong key must not run at all.
    await assertSecretKeyMatches(database.db, key, source);
  } catch (error) {
    await database.close();
    throw error;
  }
  if (config.databaseUrl && source === 'file') {
    logger.warn(
      'TANDEM_SECRET_KEY is not set: the key is kept in the data folder; several instances must share one key.',
    );
  }
  // Instances starting together against one empty database must not both seed it.
  const help = await database.withExclusiveLock(FIRST_START_LOCK_KEY, async () => {
    if ((await countAccounts(database.db)) > 0) return null;
    if (!config.demo) return 'needs-setup';
    await seedDemo(database.db);
    return demoSignInHelp(config.publicUrl);
  });
  phaseDone(help ? 'seed' : 'firstStartCheck');
  // The seed's garbage (and, without the build's template, initdb's scratch PostgreSQL with its own
  // ~190 MB of WebAssembly memory) may stay resident for minutes before V8 collects it. bin/tandem.js
  // exposes gc() for the embedded database, so one full collection here returns it to the system.
  if (database.kind === 'pglite') (globalThis as { gc?: () => void }).gc?.();
  phaseDone('gc');
  if (help === 'needs-setup') {
    await database.close();
    throw new Error(
      'This database has no administrator yet. Run `tandem setup` first (see `tandem setup --help`).',
    );
  }
  const jobs = await startJobs(database.jobsDb, database.kind, { logger });
  await startRecurrenceWorker(jobs, database, logger);
  // One mail sender (one SMTP transport) for invitations and notifications alike.
  const mail = config.mail ? createMailSender(config.mail) : undefined;
  if (mail) await startMailWorker(jobs, mail, key, logger);
  else logger.info('SMTP_URL is not set: invitation links are shown, not e-mailed.');
  await startNotificationWorkers({
    db: database.db,
    jobs,
    mail,
    publicUrl: config.publicUrl,
    webhookAllowList: config.webhookAllowList,
    threadMail: threadOutbound,
    logger,
  });
  await startIncidentWorkers(jobs, database.db, { logger });
  await startSlaWorker(jobs, database, logger);
  await startRiskWorkers(jobs, database, logger);
  await startObligationWorkers(jobs, database, logger);
  await startAccessWorkers(jobs, database, logger);
  // On PostgreSQL an export or verification runs in a child process (src/exit/child-runner.ts).
  const exitRunner =
    database.kind === 'postgres'
      ? childProcessRunner({ execPath: process.execPath, execArgv: process.execArgv, cli: process.argv[1]! })
      : undefined;
  await startExitWorker(jobs, database.db, logger, exitRunner);
  await startReviewWorkers(jobs, database, { logger, readiness: readinessPackSection });
  await startAlertWorker(jobs, database.db, logger);
  await startMailIntakeWorker({ db: database.db, jobs, publicUrl: config.publicUrl, logger });
  // Inbound e-mail: the SMTP receiver only where SMTP_LISTEN says; IMAP mailboxes unless switched off.
  const smtp = config.mailIn.smtpListen
    ? await startSmtpReceiver(database.db, jobs, {
        ...config.mailIn.smtpListen,
        maxBytes: config.mailIn.maxBytes,
        logger,
      })
    : undefined;
  const imap = config.mailIn.imapPoll
    ? startImapPollers(database.db, jobs, key, { logger, maxBytes: config.mailIn.maxBytes })
    : undefined;
  await startSimulationWorker(jobs, database, logger);
  await startDatabaseUpkeep(jobs, database, logger);
  phaseDone('workers');
  const app = await buildApp({ config, database, secretKey: key, secretKeySource: source, logger, jobs });
  phaseDone('app');
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await smtp?.close();
      await imap?.stop();
      await app.close();
      exitRunner?.stop();
      await jobs.stop();
      await database.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  phaseDone('listen');
  logger.info(
    {
      port,
      database: database.kind,
      readyMs: Math.round(performance.now()),
      phasesMs,
      rssMb: Math.round(process.memoryUsage().rss / 1048576),
    },
    'Tandem is ready',
  );
  // The embedded database's statistics now (the demo's rows, tables a migration rebuilt), not at the next hour.
  refreshStatistics(database, logger).catch((error: unknown) =>
    logger.warn({ err: error }, 'refreshing the database statistics failed'),
  );
  // Yesterday's snapshot (a new workspace's first one backfills its history) now, not at the next hourly sweep.
  queueDailySnapshots(database, jobs).catch((error: unknown) =>
    logger.warn({ err: error }, 'queueing the daily snapshots failed'),
  );
  // The living demo: months of Acme's history simulated through the services in the background, after
  // ready (a minute or more on PGlite); a build a stop interrupted goes on from its last day.
  if (help && config.demoHistoryMonths > 0)
    await queueHistoryBuild(database.db, jobs, 'acme', { months: config.demoHistoryMonths, seed: 16 });
  else if (config.demo) await resumeHistoryBuilds(database.db, jobs);
  if (help) console.log(`\n${help}\n`);
  console.log(
    `Tandem is listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`,
  );
}
