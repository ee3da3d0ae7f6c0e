import type { ProgrammeView } from '@steerlog/domain';
import { DownloadButton } from './download-button.js';
import type { Workspace } from './workspace.js';

const size = (bytes: number) =>
  bytes < 1024
    ? `${bytes} bytes`
    : bytes < 1024 * 1024
      ? `${Math.round(bytes / 1024)} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The evidence files a record cites (or that are about a thing), each downloadable. */
export const EvidenceList = ({ ws, ids, about }: { ws: Workspace; ids?: readonly string[]; about?: string }) => {
  const files: ProgrammeView['evidence'] = ws.view.evidence.filter(
    (e) => (ids !== undefined && ids.includes(e.evidenceId)) || (about !== undefined && e.about === about),
  );
  if (files.length === 0) return null;
  return (
    <ul className="evidence-list" aria-label="Evidence">
      {files.map((e) => (
        <li key={e.evidenceId}>
          <DownloadButton
            token={ws.token}
            path={`/api/programmes/${encodeURIComponent(ws.programmeId)}/evidence/${encodeURIComponent(e.evidenceId)}`}
            name={e.fileName}
          >
            {`Evidence: ${e.fileName} (${size(e.bytes)})`}
          </DownloadButton>
        </li>
      ))}
    </ul>
  );
};
