import { useId, useState } from 'react';
import type { Option } from './options.js';
import type { FormContext } from './specs.js';

const MAX_BYTES = 20 * 1024 * 1024;

/** What a file can be attached to, as `KIND:ID` (the contract's `about`), from what exists now. */
export const aboutOptions = ({ view }: FormContext): Option[] => [
  ...view.partners.map((p) => ({ value: `partner:${p.partnerId}`, label: `Partner: ${p.name}` })),
  ...view.workstreams.map((w) => ({ value: `workstream:${w.workstreamId}`, label: `Workstream: ${w.name}` })),
  ...[...view.meetings].reverse().map((m) => ({ value: `meeting:${m.meetingId}`, label: `Meeting: ${m.title}` })),
  ...view.indicators.map((i) => ({ value: `indicator:${i.indicatorId}`, label: `Indicator: ${i.name}` })),
  ...view.issues.map((i) => ({ value: `issue:${i.issueId}`, label: `Issue: ${i.title}` })),
];

/**
 * What the file is most likely about, from what the form says so far: the indicator measured,
 * the partner reporting or assessed, the meeting in session; else the first thing there is.
 */
export const defaultAbout = (values: Record<string, unknown>, ctx: FormContext): string => {
  const options = aboutOptions(ctx).map((o) => o.value);
  const candidates = [
    typeof values['indicatorId'] === 'string' && values['indicatorId'] ? `indicator:${values['indicatorId']}` : null,
    typeof values['partnerId'] === 'string' && values['partnerId'] ? `partner:${values['partnerId']}` : null,
    ctx.view.openMeetingId ? `meeting:${ctx.view.openMeetingId}` : null,
  ];
  return candidates.find((c) => c !== null && options.includes(c)) ?? options[0] ?? '';
};

export type UploadEvidence = (
  file: File,
  about: string,
  onProgress: (fraction: number) => void,
) => Promise<{ evidenceId: string }>;

/**
 * Attach a new file beside a form's evidence list: it is uploaded at once (with its progress),
 * recorded as its own `EvidenceAttached`, and ticked in the list, so the entry being typed cites it.
 */
export const EvidenceUpload = ({
  ctx,
  values,
  upload,
  onUploaded,
}: {
  ctx: FormContext;
  values: Record<string, unknown>;
  upload: UploadEvidence;
  onUploaded: (evidenceId: string) => void;
}) => {
  const id = useId();
  const options = aboutOptions(ctx);
  const [chosen, setChosen] = useState<string | null>(null);
  const about = chosen ?? defaultAbout(values, ctx);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const send = (file: File | undefined, input: HTMLInputElement) => {
    if (!file || busy) return;
    if (file.size === 0) return setStatus(`${file.name} is empty: choose a file with something in it.`);
    if (file.size > MAX_BYTES) return setStatus(`${file.name} is larger than 20 MiB, the most a file may be.`);
    setBusy(true);
    setStatus(`Uploading ${file.name}…`);
    upload(file, about, (f) => setStatus(`Uploading ${file.name}: ${Math.round(f * 100)}%`)).then(
      ({ evidenceId }) => {
        setBusy(false);
        setStatus(`Attached ${file.name}; it is ticked above.`);
        input.value = '';
        onUploaded(evidenceId);
      },
      (e: unknown) => {
        setBusy(false);
        setStatus(
          `Not attached: ${e instanceof Error ? e.message : 'the upload failed'}. Nothing was recorded; try again.`,
        );
      },
    );
  };
  if (options.length === 0) return null;
  return (
    <div className="evidence-upload">
      <div className="field">
        <label htmlFor={`${id}-about`}>New file is about</label>
        <select id={`${id}-about`} value={about} onChange={(e) => setChosen(e.target.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-file`}>
          Attach a new file <span className="optional">(at most 20 MiB)</span>
        </label>
        {/* Not disabled while uploading: the keyboard stays where it was; a second choice waits. */}
        <input id={`${id}-file`} type="file" onChange={(e) => send(e.target.files?.[0], e.target)} />
      </div>
      <p className="form-status" role="status" aria-live="polite">
        {status}
      </p>
    </div>
  );
};
