import { Link } from '../link.js';
import { CommandForm } from './forms/command-form.js';
import { formSpecs } from './forms/specs.js';
import { recordMenu as groups } from './record-menu.js';
import type { Workspace } from './workspace.js';

/** Every command of the contract, one form at a time, its choices drawn from the programme as it stands. */
export const RecordPage = ({ ws }: { ws: Workspace }) => {
  const chosen = new URLSearchParams(window.location.search).get('command') ?? 'AddMilestone';
  const spec = formSpecs.find((s) => s.type === chosen) ?? formSpecs[0]!;
  return (
    <div className="record-page">
      <nav className="command-menu" aria-label="What to record">
        <h2 className="page-title">Record</h2>
        {groups.map((g) => (
          <div key={g.title}>
            <h3>{g.title}</h3>
            <ul>
              {g.types.map((type) => {
                const s = formSpecs.find((f) => f.type === type)!;
                return (
                  <li key={type}>
                    <Link
                      href={ws.href('record', { command: type })}
                      aria-current={type === spec.type ? 'page' : undefined}
                    >
                      {s.title}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
        <p>
          <Link href="/p/_new">Launch a new programme</Link>
        </p>
      </nav>
      <div className="record-form">
        <CommandForm key={spec.type} spec={spec} ctx={ws.ctx} programmeId={ws.programmeId} outbox={ws.outbox} />
      </div>
    </div>
  );
};
