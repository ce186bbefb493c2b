/**
 * Loads the bundled demo timeline (data/demo-timeline.json, from the 2025-03-19 news report) through the
 * normal paths: registerActor for its actors, appendEvents for its events. Idempotent: the events
 * carry fixed ids, so loading twice appends nothing the second time.
 */
import fs from 'node:fs';
import type { ActorsService, RegisterActor } from '../actors/actors.service.js';
import { DEMO_TIMELINE_FILE } from '../config/project-paths.js';
import type { AppendInput } from '../events/append/append-input.js';
import type { EventStoreService } from '../events/event-store.service.js';

export interface DemoTimeline {
  title: string;
  actors: RegisterActor[];
  appends: AppendInput[];
}

export interface DemoLoadResult {
  actors: number;
  appended: number;
  alreadyStored: number;
}

export const DEMO_KEY_NAME = 'demo-loader';

export function readDemoTimeline(file = DEMO_TIMELINE_FILE): DemoTimeline {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as DemoTimeline;
}

export async function loadDemoTimeline(
  actors: ActorsService,
  store: EventStoreService,
  timeline = readDemoTimeline(),
): Promise<DemoLoadResult> {
  for (const [i, actor] of timeline.actors.entries()) await actors.register(actor, `actors[${i}]`);
  let appended = 0;
  let alreadyStored = 0;
  for (const append of timeline.appends) {
    const outcome = await store.append(append, { keyName: DEMO_KEY_NAME });
    if (outcome.appended) appended += outcome.events.length;
    else alreadyStored += outcome.events.length;
  }
  return { actors: timeline.actors.length, appended, alreadyStored };
}
