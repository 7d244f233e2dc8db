import fs from 'node:fs';
import { ROSTER_SPACE } from '../registry-data.js';
import type { BenchKiosk, ServedRegistry } from '../registry-serve.js';
import { check, type Measured } from '../report.js';
import { round, spread } from '../stats.js';
import { HttpLane } from '../http-lane.js';
import { withHelpersAside } from '../helpers-aside.js';

const POLLS = 1000;
const AT_ONCE = 50;
const KIOSKS = 10;
/**
 * Polls answered before the clock starts. A registry answers kiosks all day, so what counts is
 * how it answers once V8 has compiled its request path: that takes a few thousand requests
 * (the registry's CPU per poll falls from about 480 µs to 180 µs over the first 4,000 on the
 * project's machine), not the hundred that only opens the connections.
 */
const WARM_POLLS = 4000;

/**
 * `count` GET /v1/timestamp, each signed by one of `kiosks` in turn. Signed before the clock
 * starts, as kiosks each sign on a machine of their own: a client signing for all of them here
 * would take the registry's cores to do it.
 */
const signPolls = (registry: ServedRegistry, kiosks: BenchKiosk[], count: number, etag: string): Buffer[] =>
  Array.from({ length: count }, (_, i) =>
    HttpLane.get(new URL(registry.url), '/v1/timestamp', {
      Authorization: registry.sign(kiosks[i % kiosks.length]!, 'GET', '/v1/timestamp'),
      'If-None-Match': etag,
    }),
  );

/** The polls (built beforehand), each on one of `lanes`, one at a time per lane; each one's milliseconds and status. */
async function poll(lanes: HttpLane[], requests: Buffer[]) {
  const ms: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const run = async (lane: HttpLane) => {
    while (next < requests.length) {
      const request = requests[next++]!;
      const started = performance.now();
      const status = await lane.send(request);
      ms.push(performance.now() - started);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(lanes.map(run));
  return { ms, statuses };
}

/**
 * Kiosks polling with nothing new: 1,000 signed GET /v1/timestamp with If-None-Match (304), 50 at
 * a time from enrolled kiosks, while a space's roster is published into the alliance (PUT roster,
 * which answers once the new sequence is on disk), beside the same polls on an idle registry.
 */
export async function pollsFigure({ registry, roster }: { registry: ServedRegistry; roster: string }): Promise<Measured> {
  const kiosks: BenchKiosk[] = [];
  for (let i = 0; i < KIOSKS; i++) kiosks.push(await registry.enrol(ROSTER_SPACE));
  await registry.settled();
  const first = await registry.signed(kiosks[0]!, 'GET', '/v1/timestamp');
  const etag = first.headers.get('etag');
  await first.arrayBuffer();
  if (first.status !== 200 || !etag) throw new Error(`the registry's timestamp came back ${first.status} with no ETag`);
  const { hostname, port } = new URL(registry.url);
  const lanes = Array.from({ length: AT_ONCE }, () => new HttpLane(hostname, Number(port)));
  await poll(lanes, signPolls(registry, kiosks, WARM_POLLS, etag));
  const idlePolls = signPolls(registry, kiosks, POLLS, etag);
  const busyPolls = signPolls(registry, kiosks, POLLS, etag);
  const rosterPath = `/v1/spaces/${ROSTER_SPACE}/roster`;
  const rosterBytes = fs.readFileSync(roster);
  const rosterAuthorization = registry.sign(kiosks[0]!, 'PUT', rosterPath, rosterBytes);
  // The idle polls and those during publication alike: both are timed as other machines' polls.
  const { value: timed, restored } = await withHelpersAside(async () => {
    const idleStarted = performance.now();
    const cpuBefore = registry.cpuMs();
    const idle = await poll(lanes, idlePolls);
    const cpuAfter = registry.cpuMs();
    const idleMs = performance.now() - idleStarted;
    const started = performance.now();
    const publishing = registry.put(rosterAuthorization, rosterPath, rosterBytes).then((reply) => ({ ...reply, ms: performance.now() - started }));
    const busy = await poll(lanes, busyPolls);
    const pollsMs = performance.now() - started;
    return { idle, idleMs, cpuBefore, cpuAfter, busy, pollsMs, published: await publishing };
  });
  const { idle, idleMs, cpuBefore, cpuAfter, busy, pollsMs, published } = timed;
  for (const lane of lanes) lane.close();
  if (published.status !== 200) throw new Error(`the roster was refused (${published.status}): ${published.body}`);
  if (idle.statuses[304] !== POLLS) throw new Error(`not every idle poll was answered 304: ${JSON.stringify(idle.statuses)}`);
  const during = spread(busy.ms);
  const base = spread(idle.ms);
  return {
    unit: 'ms',
    measured: { p50: during.p50, p99: during.p99 },
    baseline: { p50: base.p50, p99: base.p99 },
    baselineWhat: 'the same polls, nothing being published',
    ratio: during.p99 / base.p99,
    checks: [check('p99 ms', during.p99, 20)],
    details: {
      polls: POLLS,
      atOnce: AT_ONCE,
      kiosks: KIOSKS,
      maxMs: round(during.max),
      idleSeconds: round(idleMs / 1000),
      // What answering one poll costs the registry (all its threads), at /proc's 10 ms resolution over the 1,000.
      registryCpuUsPerIdlePoll: cpuBefore === null || cpuAfter === null ? null : round(((cpuAfter - cpuBefore) * 1000) / POLLS),
      pollsSeconds: round(pollsMs / 1000),
      publishSeconds: round(published.ms / 1000),
      // Polls after the new sequence is out are answered 200 with the new timestamp: as a kiosk would be.
      statuses: busy.statuses,
      ...(!restored && { benchHelpersLeftAtNice10: true }),
      sequence: (JSON.parse(published.body) as { sequence: number }).sequence,
    },
  };
}
