/**
 * The summary's markdown (src/summary.ts) from hand-made models, pure: which sections each
 * model gets, as a table; the escaping of service text, as a seeded property. The models an
 * actual run builds are tested through the emulator in summary.test.ts.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { HEADINGS, type OutcomeKind } from '../src/outcome.js';
import {
  capped,
  ganttLabel,
  LABEL_MAX,
  md,
  renderSummary,
  type SummaryModel,
} from '../src/summary.js';
import { addTry, newTimeline } from '../src/timeline.js';

const ENV = 'we-5d39b8ba6786bd4b1490abcd';
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

const base = (kind: OutcomeKind = 'succeeded'): SummaryModel => ({
  envId: ENV,
  outcome: { kind, sentence: `Environment ${ENV} restarted (change wc-1).` },
  settings: [],
  outputs: [],
  events: [],
  links: [],
});

/** A timeline on which the run waited: two tries, then the change ran 60 s. */
function waited() {
  const t = newTimeline(T0);
  addTry(t, T0, 'EnvOnChanging');
  addTry(t, T0 + 5000, 'started');
  t.restartAt = T0 + 5000;
  t.changeEndAt = T0 + 65_000;
  return t;
}

describe('renderSummary: the heading of every outcome kind', () => {
  it.each(Object.keys(HEADINGS) as OutcomeKind[])('%s', (kind) => {
    const text = renderSummary(base(kind));
    expect(text.split('\n')[0]).toBe(`## ${HEADINGS[kind]}`);
    expect(text.split('\n')[2]).toBe(`Environment ${ENV} restarted (change wc-1).`);
  });
});

describe('renderSummary: a section only when the model has something for it', () => {
  // [what the model has, the change to the base model, present, absent]
  const rows: Array<[string, Partial<SummaryModel>, string[], string[]]> = [
    [
      'nothing',
      {},
      [],
      [
        '**Reason:**',
        '### Settings',
        '### Outputs',
        '```mermaid',
        '### Instance health',
        '[',
        '### Checks',
      ],
    ],
    [
      'a reason and a hint',
      {
        outcome: { kind: 'failed', sentence: 's.', reason: 'Forbidden.', hint: 'Grant it.' },
      },
      ['**Reason:** Forbidden.', '**What to do:** Grant it.'],
      ['**Warning:**'],
    ],
    [
      'settings and outputs, empty values left out',
      {
        settings: [
          ['Environment', ENV],
          ['Batch size', ''],
        ],
        outputs: [['change-id', 'wc-1']],
      },
      ['### Settings', `| Environment | ${ENV} |`, '### Outputs', '| change-id | wc-1 |'],
      ['Batch size'],
    ],
    ['only empty settings', { settings: [['Batch size', '']] }, [], ['### Settings']],
    [
      'a warning, an adoption and an abort',
      {
        warnings: ['Reading was refused.'],
        adoption: 'wc-9, found by its CreateTime',
        abort: 'AbortChange accepted',
      },
      [
        '**Warning:** Reading was refused.',
        '**Found by a look-up:**',
        '**Abort:** AbortChange accepted',
      ],
      [],
    ],
    ['a timeline on which the run waited', { timeline: waited() }, ['```mermaid', 'gantt'], []],
    [
      'a timeline with one try and nothing else (no wait)',
      {
        timeline: (() => {
          const t = newTimeline(T0);
          addTry(t, T0, 'started');
          return t;
        })(),
      },
      [],
      ['```mermaid'],
    ],
    [
      'health turned off',
      {
        health: {
          status: 'disabled',
          counts: undefined,
          instances: undefined,
          instancesUnavailable: undefined,
        },
      },
      [
        '### Instance health',
        'Health checks are turned off for this environment: the step did not wait.',
      ],
      [],
    ],
    [
      'health counts, instances not readable',
      {
        health: {
          status: 'timed-out',
          counts: { healthy: 3, unhealthy: 1, stopped: 0, unknown: 0 },
          instances: undefined,
          instancesUnavailable: 'DescribeAppEnvInstanceHealth refused (Forbidden)',
        },
      },
      [
        '3 healthy, 1 unhealthy, 0 stopped, 0 unknown.',
        'refused (Forbidden): instances are not named.',
      ],
      [],
    ],
    [
      'events not readable',
      { eventsUnavailable: 'DescribeEvents refused' },
      ['DescribeEvents refused: no events to show.'],
      [],
    ],
    [
      'links',
      {
        links: [
          ['Console', 'https://webplus.console.aliyun.com/'],
          ['Run', 'https://github.com/o/r/actions/runs/1'],
        ],
      },
      [
        '[Console](https://webplus.console.aliyun.com/) · [Run](https://github.com/o/r/actions/runs/1)',
      ],
      [],
    ],
    [
      'a dry run',
      {
        dryRun: {
          checks: [['Environment', 'ok', 'found']],
          plan: ['A restart would restart all 4 instance(s) at once.'],
        },
      },
      [
        '### Checks',
        '| Environment | ok | found |',
        '### What a real run would do',
        '- A restart would restart all 4 instance(s) at once.',
      ],
      [],
    ],
  ];
  it.each(rows)('%s', (_name, change, present, absent) => {
    const text = renderSummary({ ...base(), ...change });
    for (const p of present) expect(text).toContain(p);
    for (const a of absent) expect(text).not.toContain(a);
  });
});

describe('md(): service text shows as it is and makes no structure', () => {
  it.each([
    ['a|b', 'a\\|b'],
    ['*bold* _it_', '\\*bold\\* \\_it\\_'],
    ['<script>', '&lt;script&gt;'],
    ['[x](http://e)', '\\[x\\](http://e)'],
    ['# heading', '\\# heading'],
    ['- item', '\\- item'],
    ['1. item', '1\\. item'],
    ['a & b', 'a &amp; b'],
  ])('%j → %j', (text, escaped) => {
    expect(md(text)).toBe(escaped);
  });

  it('property: in a cell, no unescaped pipe, no raw angle bracket, one line', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300 }), (message) => {
        const clean = message.replace(/[\r\n]/g, ' ');
        const text = renderSummary({ ...base(), settings: [['Environment', clean]] });
        const row = text.split('\n').find((l) => l.startsWith('| Environment |')) ?? '';
        expect(row.endsWith(' |')).toBe(true);
        // The two borders and the one column separator are the only unescaped pipes.
        expect(row.match(/(?<!\\)\|/g)?.length).toBe(3);
        expect(row.slice(2)).not.toMatch(/[<>]/);
      }),
      { seed: 20261206, numRuns: 300 },
    );
  });
});

describe('ganttLabel and capped', () => {
  it.each([
    ['Restart: batch 1; of 2 #3', 'Restart batch 1 of 2 3'],
    ['`x` <y> {z}', 'x y z'],
    [':::', '(no text)'],
  ])('ganttLabel(%j) → %j', (text, label) => {
    expect(ganttLabel(text)).toBe(label);
  });
  it('property: a label is never longer than LABEL_MAX and has no mermaid syntax', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const label = ganttLabel(text);
        expect(label.length).toBeLessThanOrEqual(LABEL_MAX);
        expect(label).not.toMatch(/[:;#`<>{}\\\n]/);
        expect(label.length).toBeGreaterThan(0);
      }),
      { seed: 20261206, numRuns: 300 },
    );
  });
  it.each([
    [5, 10, 4, { shown: [0, 1, 2, 3, 4], omitted: 0, at: 5 }],
    [12, 10, 4, { shown: [0, 1, 2, 3, 6, 7, 8, 9, 10, 11], omitted: 2, at: 4 }],
    [3, 3, 1, { shown: [0, 1, 2], omitted: 0, at: 3 }],
  ])('capped(%d items, max %d, head %d)', (n, max, head, expected) => {
    expect(capped([...Array(n).keys()], max, head)).toEqual(expected);
  });
});
