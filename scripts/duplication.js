#!/usr/bin/env node
// Copy-pasted code over src and web/src (`npm run duplication`, part of `npm test`): jscpd's exact
// clones at its defaults (50 tokens and 5 lines alike, white space and comments aside). Fails when
// the count passes CEILING, listing the clones, so a new copy is met by a shared piece instead.
// Lower CEILING when a clean-up removes clones; raise it only with a reason in the commit.
import { createRequire } from 'node:module';

// jscpd's ES module build imports 'colors/safe' without its extension, which Node refuses; its CommonJS build works.
const { detectClonesAndStatistic } = createRequire(import.meta.url)('jscpd');

const CEILING = Number(process.env.DUPLICATION_CEILING ?? 39);

const { clones, statistic } = await detectClonesAndStatistic({
  path: ['src', 'web/src'],
  format: ['typescript', 'tsx', 'javascript'],
  gitignore: true,
  silent: true,
  reporters: [],
});

/** A clone's side as file:first-last line. */
const place = (part) => `${part.sourceId}:${part.start.line}-${part.end.line}`;
const total = statistic.total;
console.log(
  `${total.clones} exact clones, ${total.duplicatedLines} duplicated lines of ${total.lines} ` +
    `(${total.percentage}%) in ${total.sources} files; ceiling ${CEILING} clones`,
);
if (process.argv.includes('--list') || clones.length > CEILING) {
  for (const clone of clones) {
    const lines = clone.duplicationA.end.line - clone.duplicationA.start.line + 1;
    console.log(`  ${lines} lines  ${place(clone.duplicationA)} ~ ${place(clone.duplicationB)}`);
  }
}
if (clones.length > CEILING) {
  console.error(
    `More exact clones (${clones.length}) than the ceiling (${CEILING}): share the code instead of copying it.`,
  );
  process.exit(1);
}
