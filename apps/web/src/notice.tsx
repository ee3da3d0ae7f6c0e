import type { ReactNode } from 'react';

/** A whole page that says one thing: no token, a refused token, a programme that is not there. */
export const Notice = ({ title, children }: { title: string; children: ReactNode }) => (
  <main className="notice">
    <h1>{title}</h1>
    <p>{children}</p>
  </main>
);
