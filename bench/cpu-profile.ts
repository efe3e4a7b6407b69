// A sampled CPU profile of this process (node:inspector), for the benches that ask where a request's
// server CPU goes: the raw profile (open it in Chrome's DevTools) and its self time grouped by where
// the code lives (an npm package, an area of src/, Node itself, the garbage collector).
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { dirname } from 'node:path';

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
};
type Profile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] };

export async function startProfile() {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))),
    );
  await post('Profiler.enable');
  // 100 µs: a request of a few milliseconds gets tens of samples.
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
  return {
    /** Stops, writes the profile when a file is given, and returns it. */
    async stop(file?: string): Promise<Profile> {
      const { profile } = await post<{ profile: Profile }>('Profiler.stop');
      if (file) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, JSON.stringify(profile));
      }
      session.disconnect();
      return profile;
    },
  };
}

/** Where a frame's code lives: `pg`, `drizzle-orm`, `src/tickets`, `node`, `(garbage collector)`. */
export function placeOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = path.slice(modules + '/node_modules/'.length).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : first!;
  }
  if (path.startsWith('node:')) return 'node';
  const source = path.match(/\/(src|bench)\/([^/]+)\//);
  if (source) return `${source[1]}/${source[2]}`;
  return path.split('/').slice(-1)[0]!;
}

/**
 * Self time per place, in milliseconds per request, largest first (idle left out). Time in Node's own
 * code or in built-ins (JSON, crypto, regular expressions) is named after the code that called it:
 * `node ← pg` is the driver's socket writes.
 */
export function selfTimeByPlace(profile: Profile, requests: number): Array<[string, number]> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const total = profile.endTime - profile.startTime; // µs
  const perSample = total / Math.max(1, profile.samples.length);
  const tally = new Map<string, number>();
  const ownPlace = (node: ProfileNode) => placeOf(node.callFrame.url, node.callFrame.functionName);
  const placeOfSample = (node: ProfileNode) => {
    const own = ownPlace(node);
    if (own !== 'node' && own !== '(native)') return own;
    for (let up = parent.get(node.id); up !== undefined; up = parent.get(up)) {
      const caller = ownPlace(byId.get(up)!);
      if (caller !== 'node' && caller !== '(native)' && !caller.startsWith('(')) return `${own} ← ${caller}`;
    }
    return own;
  };
  for (const id of profile.samples) {
    const place = placeOfSample(byId.get(id)!);
    if (place === '(idle)') continue;
    tally.set(place, (tally.get(place) ?? 0) + perSample);
  }
  return [...tally]
    .map(([place, us]): [string, number] => [place, us / 1000 / requests])
    .sort((a, b) => b[1] - a[1]);
}
