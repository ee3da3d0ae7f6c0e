import { useState } from 'react';
import { ApiError, downloadFile } from '../api.js';

/** A button that fetches with the bearer header and saves the answer as a file, saying how it went. */
export const DownloadButton = ({
  token,
  path,
  name,
  label,
  children,
}: {
  token: string;
  path: string;
  name: string;
  /** The button's full name for a screen reader, where its visible words lean on what is around it. */
  label?: string;
  children: string;
}) => {
  const [said, setSaid] = useState('');
  return (
    <span className="download">
      <button
        type="button"
        aria-label={label}
        onClick={() => {
          setSaid('Downloading…');
          downloadFile(token, path, name).then(
            (saved) => setSaid(`Saved ${saved}.`),
            (e: unknown) =>
              setSaid(e instanceof ApiError ? `Refused: ${e.message}` : 'The download failed; try again.'),
          );
        }}
      >
        {children}
      </button>{' '}
      <span role="status" className="meta">
        {said}
      </span>
    </span>
  );
};
