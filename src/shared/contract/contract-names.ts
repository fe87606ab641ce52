/**
 * The names of every request and event, and nothing else: what the preload needs to refuse unknown names
 * before they reach main. Kept apart from api.ts (which carries the zod schemas) so the preload bundle stays
 * a few kilobytes; api.ts checks at compile time that these lists match the contract exactly.
 */

export const REQUEST_NAME_LIST = [
  'app:info',
  'settings:get',
  'settings:set',
  'config:presets',
  'config:preset-save',
  'config:preset-delete',
  'config:resolve',
  'config:validate',
  'config:estimate',
  'config:save',
  'config:load',
  'config:list',
  'config:current-get',
  'config:current-set',
  'workspace:open',
  'workspace:create',
  'workspace:pick-folder',
  'dataset:overview',
  'dataset:scan',
  'dataset:cancel-scan',
  'dataset:split',
  'dataset:import-paths',
  'dataset:import-upload',
  'dataset:synth-engines',
  'dataset:negative-speech',
  'dataset:cancel-synth',
  'dataset:synthesize',
  'dataset:create-demo',
  'dataset:save-recording',
  'dataset:delete-recording',
  'evaluation:run',
  'evaluation:operating-point',
  'evaluation:save-operating-point',
  'evaluation:clip',
  'evaluation:add-hard-negative',
  'evaluation:pick-files',
  'evaluation:upload',
  'evaluation:score-files',
  'evaluation:file-audio',
  'detection:run',
  'detection:segment-audio',
  'detection:save-candidate',
  'detection:stream-start',
  'detection:stream-chunk',
  'detection:stream-stop',
  'training:start',
  'training:pause',
  'training:resume',
  'training:stop',
  'training:status',
  'training:runs',
  'training:run',
  'training:resume-run',
  'gpu:last',
  'app:open-folder',
  'export:run',
  'export:options',
  'export:pick-folder',
] as const;

export const EVENT_NAME_LIST = [
  'settings:changed',
  'training:status',
  'training:batch',
  'training:log',
  'gpu:reading',
  'app:show-panel',
  'config:current-changed',
  'dataset:scan-progress',
  'dataset:import-progress',
  'dataset:synth-progress',
  'dataset:changed',
  'evaluation:progress',
  'export:progress',
] as const;

const requestNames: ReadonlySet<string> = new Set(REQUEST_NAME_LIST);
const eventNames: ReadonlySet<string> = new Set(EVENT_NAME_LIST);

export function isRequestName(value: unknown): value is (typeof REQUEST_NAME_LIST)[number] {
  return typeof value === 'string' && requestNames.has(value);
}

export function isEventName(value: unknown): value is (typeof EVENT_NAME_LIST)[number] {
  return typeof value === 'string' && eventNames.has(value);
}
