// Dependency rules for the server (src) and the web app (web/src); `npm run depcheck` applies them.
// Paths are matched extension-free ([jt]sx?) because scripts/depcheck.js cruises a type-preserving
// JavaScript copy of the tree (see there why). Type-only imports count everywhere: a type is a
// dependency of the design even when it vanishes at run time (docs/architecture.md, "Dependency rules").
/** @type {import('dependency-cruiser').IConfiguration} */
// The composition root wires every area together and nothing imports it: it stands above all layers,
// so it is left out of the folder-cycle pass (the module pass checks that nobody imports it).
const compositionRoot = '^src/(server/app\\.js|cli/|demo/)';
// The route-action registry (src/server/route-action.ts) names every area's policy actions by
// type-only imports so `config.action` is checked by the compiler: like the composition root it
// stands above the areas, so it is left out of the folder-cycle pass too.
const folderPassExclusions = `${compositionRoot}|^src/server/route-action\\.js$`;

module.exports = {
  compositionRoot,
  folderPassExclusions,
  // Checked with the composition root left out (scripts/depcheck.js runs two passes).
  folderRules: [
    {
      name: 'no-cycle-between-folders',
      comment:
        'Areas and layers depend on each other in one direction only. Move the shared piece down a layer ' +
        '(a type or rule to src/domain, an HTTP piece to src/server/http.ts) or pass a callback (a port).',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(src|web/src)/' },
      to: { circular: true },
    },
  ],
  forbidden: [
    {
      name: 'nothing-imports-the-composition-root',
      comment: 'Only the CLI and the tests start the app; areas take AppDeps from server/context.ts.',
      severity: 'error',
      from: { pathNot: compositionRoot },
      to: { path: compositionRoot },
    },
    {
      name: 'no-cycle-between-files',
      comment: 'Files import each other in one direction only.',
      severity: 'error',
      from: { path: '^(src|web/src)/' },
      to: { circular: true },
    },
    {
      name: 'no-other-areas-routes',
      comment:
        "An area never imports another area's routes: shared HTTP pieces live in src/server/http.ts. " +
        'Only the app (src/server/app.ts) lists the areas.',
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: '^src/server/app\\.[jt]s$' },
      to: { path: '^src/[^/]+/[^/]*routes\\.[jt]s$', pathNot: '^src/$1/' },
    },
    {
      name: 'domain-is-pure',
      comment:
        'src/domain holds rules without I/O: it imports only itself, reference data (src/defaults) and ' +
        'pure libraries - never the database, the server, jobs or an area.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/(domain|defaults)/' },
    },
    {
      name: 'domain-does-no-io',
      comment: 'src/domain must not reach the file system, the network, processes or a database driver.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        path: [
          '^(node:)?(fs|fs/promises|net|http|https|http2|tls|dgram|dns|child_process|cluster|worker_threads)$',
          '(^|/)node_modules/(pg|pg-boss|@electric-sql/pglite|drizzle-orm|fastify|nodemailer)/',
        ],
      },
    },
    {
      name: 'web-imports-only-server-types',
      comment:
        'The web app takes only types from the server (`import type` from contract.ts, http.ts): no server ' +
        'code in the bundle. (scripts/depcheck.js drops these type-only imports, so any edge left is a value.)',
      severity: 'error',
      from: { path: '^web/src/' },
      // Two pure rules (no imports) are shared as code: the SLA countdown, so the queue's countdown
      // and the clock API compute time left the same way, and which macros run on a closed ticket,
      // so the menu greys out exactly what the server refuses (docs/architecture.md).
      to: { path: '^src/', pathNot: '^src/domain/(sla-countdown|macros)\\.js$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Tests and test helpers may reach anything they exercise.
    exclude: { path: '(^|/)(node_modules|dist)/|\\.test\\.[jt]sx?$|^src/test/|/test-app\\.js$' },
    moduleSystems: ['es6'],
    metrics: true,
    enhancedResolveOptions: {
      extensions: ['.js', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'node', 'default'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
