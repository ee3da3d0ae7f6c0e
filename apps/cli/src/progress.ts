/** A one-line progress bar on a terminal; plain lines when the stream is not a terminal (CI logs). */
export const progressBar = (stream: NodeJS.WriteStream, label: string) => {
  let lastLine = 0;
  return (done: number, total: number, note = '') => {
    const now = Date.now();
    if (done < total && now - lastLine < 200) return;
    lastLine = now;
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${note}`;
    if (stream.isTTY) stream.write(`\r${line}${done >= total ? '\n' : ''}`);
    else stream.write(`${line}\n`);
  };
};
