import { launchChromium } from './chromium.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestServer } from '@steerlog/server';
import { startTestServer } from '@steerlog/server';
import type { AxeResults } from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OidcTestProvider } from '../../server/test/oidc-provider.js';
import { freePort, startOidcProvider } from '../../server/test/oidc-provider.js';

/*
 * Signing in as a person does it: through the identity provider's own login page (a real
 * OpenID Connect provider on 127.0.0.1), seeing only the programme granted, recording in it, and
 * signing out.
 */

const webRoot = fileURLToPath(new URL('..', import.meta.url));
const P = 'dundee-tsg';
const PARTNER = 'dundee-city-council';

let dir: string;
let provider: OidcTestProvider;
let server: TestServer;
let context: BrowserContext;
let admin: string;
const consoleErrors: string[] = [];

const eventually = <T>(read: () => Promise<T> | T, timeout = 5_000) => expect.poll(read, { timeout });
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Serious or critical axe findings on the page as it is now. */
const axeFindings = async (page: Page) => {
  await page.evaluate(axeSource);
  const results = await page.evaluate(() => (window as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run());
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
};

/** A new tab signed in as `login` through the provider's own login page. */
const signIn = async (login: string) => {
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) consoleErrors.push(m.text());
  });
  await page.goto(server.url);
  await page.getByRole('link', { name: 'Sign in with your organisation' }).click();
  // The provider's login page, on its own origin.
  await eventually(() => new URL(page.url()).origin).toBe(provider.issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('correct horse');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await eventually(() => page.url()).toBe(`${server.url}/`);
  return page;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steerlog-sign-in-'));
  await build({ root: webRoot, logLevel: 'silent', build: { outDir: join(dir, 'web'), emptyOutDir: true } });
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider({
    users: [
      { login: 'pat', email: 'pat.lead@dundeecity.example', name: 'Pat Lead' },
      { login: 'ada', email: 'ada@it.dundeecity.example', name: 'Ada Admin' },
    ],
    redirectUris: [`${publicUrl}/auth/callback`],
  });
  server = await startTestServer({
    port,
    demo: true,
    webRoot: join(dir, 'web'),
    oidc: {
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      publicUrl,
      admins: ['ada@it.dundeecity.example'],
    },
  });
  await server.grants.create({
    email: 'pat.lead@dundeecity.example',
    role: 'partner',
    programmeId: P,
    partnerId: PARTNER,
  });
  admin = await server.createToken('admin', 'ada');
  context = await launchChromium(join(dir, 'profile'));
  context.setDefaultTimeout(5_000);
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  await provider?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('signing in with the organisation’s identity provider', () => {
  it('signs in at the provider, shows only the programme granted, records a command, signs out', async () => {
    const first = await context.newPage();
    await first.goto(server.url);
    await eventually(() => first.getByRole('link', { name: 'Sign in with your organisation' }).count()).toBe(1);
    expect(await axeFindings(first)).toEqual([]);
    await first.close();
    const page = await signIn('pat');
    await eventually(() => page.locator('.session-who').innerText()).toMatch(
      /Pat Lead · Partner lead for dundee-city-council/,
    );
    // Three demo programmes exist; Pat has rights in one.
    expect((await server.queries.listProgrammes()).length).toBe(3);
    await eventually(() => page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('tbody tr th').innerText()).toMatch(/Dundee/);
    // Nothing about the session is readable by the page's scripts, nor kept in storage.
    expect(await page.evaluate(() => document.cookie)).not.toMatch(/steerlog_session/);
    expect(await page.evaluate(() => sessionStorage.getItem('steerlog.token'))).toBeNull();

    await page
      .getByRole('link', { name: /Dundee/ })
      .first()
      .click();
    await page.getByRole('link', { name: 'Our report' }).click();
    await eventually(() => page.getByRole('status').first().innerText()).toBe('Live');
    const rag = page.locator('#partner-rag');
    await rag.getByLabel('Amber').press('Space');
    await rag.getByLabel('Reason').fill('Signed in through the council’s identity provider');
    await rag.getByRole('button', { name: 'Change RAG' }).press('Enter');
    await eventually(async () => {
      const res = await fetch(`${server.url}/api/programmes/${P}/history?subject=partner:${PARTNER}`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      const events = (await res.json()) as { type: string; actor: string; data: { reason?: string } }[];
      return events
        .filter((e) => e.type === 'RagChanged' && e.data.reason?.startsWith('Signed in through'))
        .map((e) => e.actor);
    }).toEqual(['pat.lead@dundeecity.example']);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await eventually(() => page.getByRole('link', { name: 'Sign in with your organisation' }).count()).toBe(1);
    // The session is over at the server, not only forgotten by the page.
    expect(await page.evaluate(async () => (await fetch('/api/whoami')).status)).toBe(401);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('lets an admin see the people and tokens, create a token shown once, and revoke it', async () => {
    // Another person at another computer: Pat's session at the provider would sign Pat in again
    // (signing out of Steerlog does not sign out of the organisation's account).
    await context.clearCookies();
    const page = await signIn('ada');
    await page.getByRole('link', { name: 'Tokens and people' }).click();
    await eventually(() => page.getByRole('heading', { name: 'Tokens and people' }).count()).toBe(1);
    // Pat signed in in the first test: listed with the grant.
    await eventually(() => page.getByRole('row', { name: /Pat Lead/ }).innerText()).toMatch(
      /pat\.lead@dundeecity\.example\s+Partner lead in dundee-tsg, for dundee-city-council/,
    );
    expect(await axeFindings(page)).toEqual([]);

    const form = page.locator('form').first();
    await form.getByLabel(/^Name/).fill('Board room screen');
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByLabel('Programme id').fill(P);
    await form.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByTestId('created-token');
    await eventually(() => shown.count()).toBe(1);
    const token = await shown.innerText();
    const asScreen = (path: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await asScreen(`/api/programmes/${P}/state`)).status).toBe(200);
    expect((await asScreen('/api/programmes/nttp-readiness/state')).status).toBe(403);

    await page.getByRole('button', { name: 'Revoke Board room screen' }).click();
    await eventually(() => page.getByRole('row', { name: /Board room screen/ }).innerText()).toMatch(/Revoked/);
    expect((await asScreen(`/api/programmes/${P}/state`)).status).toBe(401);
    // Shown once: after a reload the token is nowhere on the page.
    await page.reload();
    await eventually(() => page.getByRole('row', { name: /Board room screen/ }).count()).toBe(1);
    expect(await page.content()).not.toContain(token);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });
});
