import { initialState, toView } from '@steerlog/domain';
import { useMemo } from 'react';
import type { Whoami } from '../api.js';
import { Link } from '../link.js';
import { navigate } from '../router.js';
import { CommandForm } from './forms/command-form.js';
import { launchSpec } from './forms/specs.js';
import type { Outbox } from './outbox.js';
import { may } from './workspace.js';

/** LaunchProgramme: the one command sent to a programme that does not exist yet. */
export const LaunchPage = ({ who, outbox }: { token: string; who: Whoami; outbox: Outbox }) => {
  const ctx = useMemo(() => {
    const now = new Date().toISOString();
    return { view: toView(initialState(), { asOf: now, knownAt: now }), events: [] };
  }, []);
  if (!may.record(who.role))
    return (
      <main className="workspace-main">
        <h1>Launch a programme</h1>
        <p>Only a coordinator or an administrator can launch a programme.</p>
      </main>
    );
  return (
    <main className="workspace-main narrow">
      <p>
        <Link href="/">All programmes</Link>
      </p>
      <CommandForm
        spec={launchSpec}
        ctx={ctx}
        programmeId=""
        outbox={outbox}
        headingLevel={2}
        title="Launch a programme"
        formId="form-launch"
        onRecorded={(item) => navigate(`/p/${encodeURIComponent(item.programmeId)}`)}
      />
    </main>
  );
};
