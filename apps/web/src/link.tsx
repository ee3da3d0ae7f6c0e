import type { AnchorHTMLAttributes } from 'react';
import { followLink } from './router.js';

/** A real link (it opens in a new tab, it can be copied) that navigates in place on a plain click. */
export const Link = ({ href, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) => (
  <a href={href} onClick={followLink} {...rest} />
);
