import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '@steerlog/domain';
import { openSqlite, Store } from '@steerlog/store';
import { profileWindow, runTask, startService } from '../child.js';
import { runs, sizes } from '../config.js';
import type { GroupCommitSupport } from '../group-commit.js';
import { groupCommitSupport, openStore } from '../group-commit.js';
import type { LoadRun } from '../http.js';
import { load } from '../http.js';
import { removeScratch, scratchDir } from '../scratch.js';
import { summarize } from '../stats.js';
import type { ServerReady, TxStats } from './server.js';
import { countTransactions } from './server.js';

const programmeId = (i: number) => `load-${String(i + 1).padStart(4, '0')}`;

/** Commands that are valid in any order (no command depends on another in flight), for programme `n % programmes`. */
export const concurrentCommand = (n: number, programmes: number): { programmeId: string; command: Command } => {
  const id = programmeId(n % programmes);
  const k = Math.floor(n / programmes);
  const commands: Command[] = [
    {
      type: 'RecordTraining',
      data: {
        partnerId: 'partner-1',
        level: 1 + (k % 4),
        audience: 'Front-line staff',
        sessions: 1 + (k % 5),
        attendees: 12,
        deliveredOn: '2025-11-03',
      },
    },
    {
      type: 'AssessMaturity',
      data: {
        partnerId: 'partner-1',
        domain: 'workforce',
        level: 'emerging',
        evidence: 'Self-assessment at the steering group',
      },
    },
    { type: 'RaiseRisk', data: { title: 'Training capacity falls short of demand', likelihood: 3, impact: 4 } },
    {
      type: 'RecordDecision',
      data: { summary: 'Extend the pilot to two more schools', rationale: 'Early results are good' },
    },
  ];
  return { programmeId: id, command: commands[n % commands.length]! };
};

type StoreRun = {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  p50: number;
  p99: number;
  commandsPerTransaction: number;
};

export const concurrentTasks = {
  'concurrent-seed': async (args: { path: string; programmes: number }) => {
    const store = await Store.open(openSqlite(args.path));
    for (let i = 0; i < args.programmes; i++) {
      await store.handle(
        programmeId(i),
        { type: 'LaunchProgramme', data: { name: `Load ${i + 1}` } },
        { actor: 'bench' },
      );
      await store.handle(
        programmeId(i),
        { type: 'AddPartner', data: { partnerId: 'partner-1', name: 'Council', sector: 'local-authority' } },
        { actor: 'bench' },
      );
    }
    await store.close();
    return null;
  },

  /** `inflight` commands always waiting on `store.handle` in one process, for `seconds`. */
  'concurrent-store': async (args: {
    path: string;
    programmes: number;
    inflight: number;
    seconds: number;
    groupCommit: boolean | null;
  }): Promise<StoreRun | null> => {
    const stats = countTransactions();
    const store = await openStore(args.path, args.groupCommit);
    if (!store) return null;
    const latencies: number[] = [];
    let n = 0;
    let events = 0;
    const start = performance.now();
    const deadline = start + args.seconds * 1000;
    const worker = async () => {
      while (performance.now() < deadline) {
        const { programmeId: id, command } = concurrentCommand(n++, args.programmes);
        const t = performance.now();
        const result = await store.handle(id, command, { actor: 'bench' });
        latencies.push(performance.now() - t);
        events += result.events.length;
      }
    };
    await Promise.all(Array.from({ length: args.inflight }, worker));
    const seconds = (performance.now() - start) / 1000;
    await store.close();
    const { p50, p99 } = summarize(latencies);
    return {
      events,
      seconds,
      eventsPerSecond: events / seconds,
      p50,
      p99,
      commandsPerTransaction: latencies.length / stats.transactions,
    };
  },
};

export type ConcurrentMode = { label: string; groupCommit: boolean | null };
export type ConcurrentResult = {
  support: GroupCommitSupport;
  modes: {
    label: string;
    groupCommit: boolean | null;
    switch: string;
    http: (LoadRun & { commandsPerTransaction: number })[];
    inProcess: StoreRun[];
  }[];
};

/**
 * Suite 2: 50 connections posting commands to the real server (a child process), and the same
 * 50-in-flight load on `store.handle` in one process (no HTTP), with group commit off and on
 * where a switch exists; without a switch, the server as it ships.
 */
export const runConcurrent = async (log: (s: string) => void): Promise<ConcurrentResult> => {
  const { programmes, connections, seconds } = sizes.concurrent;
  const support = groupCommitSupport();
  const switchable = support.server || support.store || support.openSqlite;
  const modes: ConcurrentMode[] = switchable
    ? [
        { label: 'without group commit', groupCommit: false },
        { label: 'with group commit', groupCommit: true },
      ]
    : [{ label: 'as shipped (no group-commit switch)', groupCommit: null }];
  const result: ConcurrentResult = {
    support,
    modes: modes.map((m) => ({ ...m, switch: '', http: [], inProcess: [] })),
  };
  const seedDir = scratchDir('concurrent-seed');
  const seeded = join(seedDir, 'steerlog.db');
  await runTask('concurrent-seed', { path: seeded, programmes });
  for (let r = 0; r < runs; r++)
    for (const mode of result.modes) {
      const dir = scratchDir('concurrent');
      try {
        const path = join(dir, 'steerlog.db');
        copyFileSync(seeded, path);
        const server = await startService<ServerReady>('server-run', { dbPath: path, groupCommit: mode.groupCommit });
        mode.switch = server.ready.groupCommit;
        try {
          const label = `server-concurrent-${mode.groupCommit === true ? 'with' : 'without'}`;
          const before = await server.request<TxStats>('txStats');
          const run = await profileWindow(server, label, () =>
            load({
              url: server.ready.url,
              connections,
              seconds,
              token: server.ready.coordinator,
              method: 'POST',
              body: (n) => {
                const { programmeId: id, command } = concurrentCommand(n, programmes);
                return { path: `/api/programmes/${id}/commands`, body: JSON.stringify(command) };
              },
            }),
          );
          const after = await server.request<TxStats>('txStats');
          mode.http.push({
            ...run,
            commandsPerTransaction: (after.commands - before.commands) / (after.transactions - before.transactions),
          });
          log(
            `concurrent run ${r + 1} ${mode.label}: HTTP ${run.requestsPerSecond.toFixed(0)} commands/s, p99 ${run.p99} ms, non-2xx ${run.non2xx}`,
          );
        } finally {
          await server.stop();
        }
        const inProcess = await runTask<StoreRun | null>('concurrent-store', {
          path,
          programmes,
          inflight: connections,
          seconds,
          groupCommit: mode.groupCommit,
        });
        if (inProcess) {
          mode.inProcess.push(inProcess);
          log(`concurrent run ${r + 1} ${mode.label}: in-process ${inProcess.eventsPerSecond.toFixed(0)} events/s`);
        }
      } finally {
        removeScratch(dir);
      }
    }
  removeScratch(seedDir);
  return result;
};
