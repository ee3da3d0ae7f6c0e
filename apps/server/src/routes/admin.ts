import {
  CreatedToken,
  CreateGrantBody,
  CreateTokenBody,
  GrantSummary,
  TokenSummary,
  UserList,
} from '@steerlog/contract';
import type { Grants, Sessions, TokenRecord, Tokens } from '@steerlog/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { admins } from '../auth.js';
import type { LiveGuard } from '../live-guard.js';
import { HttpProblem } from '../problems.js';

type Deps = { tokens: Tokens; grants: Grants; sessions: Sessions; guard: LiveGuard; adminEmails: ReadonlySet<string> };

const summary = (t: TokenRecord): TokenSummary => ({
  tokenId: t.id,
  name: t.name,
  role: t.role,
  programmeId: t.programmeId,
  partnerId: t.partnerId,
  createdAt: t.createdAt,
  revokedAt: t.revokedAt,
  lastUsedAt: t.lastUsedAt,
});

const TokenParams = z.object({ tokenId: z.string().min(1).max(100) });
const GrantParams = z.object({ grantId: z.string().min(1).max(100) });

/** Token and grant management (admin only): see who can get in, give rights, take them away. */
export const adminRoutes: FastifyPluginAsyncZod<Deps> = async (
  app,
  { tokens, grants, sessions, guard, adminEmails },
) => {
  const config = { allow: admins, scope: 'global' as const };

  app.get(
    '/tokens',
    {
      config,
      schema: {
        summary: 'Every token, with its rights and last use (never the token itself)',
        response: { 200: z.array(TokenSummary) },
      },
    },
    async () => (await tokens.list()).map(summary),
  );

  app.post(
    '/tokens',
    {
      config,
      schema: {
        summary: 'Create a token; the reply is the only time it is shown',
        body: CreateTokenBody,
        response: { 201: CreatedToken },
      },
    },
    async (req, reply) => {
      const { token, principal } = await tokens.create(req.body);
      const created = (await tokens.find(principal.tokenId))!;
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ ...summary(created), token });
    },
  );

  app.delete(
    '/tokens/:tokenId',
    { config, schema: { summary: 'Revoke a token; its open websockets are closed with 4401', params: TokenParams } },
    async (req, reply) => {
      if (!(await tokens.revoke(req.params.tokenId)))
        throw new HttpProblem('token_not_found', `no token ${req.params.tokenId} in force`);
      guard.closeToken(req.params.tokenId);
      return reply.code(204).send();
    },
  );

  app.get(
    '/users',
    {
      config,
      schema: { summary: 'People who signed in, with their grants and last sign-in', response: { 200: UserList } },
    },
    async () => {
      const all = (await grants.list()).filter((g) => g.revokedAt === null);
      const users = await sessions.users();
      const known = new Set(users.map((u) => u.email));
      const grantOf = (g: (typeof all)[number]) => ({
        grantId: g.id,
        role: g.role,
        programmeId: g.programmeId,
        partnerId: g.partnerId,
      });
      return {
        users: users.map((u) => ({
          userId: u.id,
          email: u.email,
          name: u.name,
          admin: adminEmails.has(u.email),
          createdAt: u.createdAt,
          lastSeenAt: u.lastSeenAt,
          grants: all.filter((g) => g.email === u.email).map(grantOf),
        })),
        pendingGrants: all.filter((g) => !known.has(g.email)).map((g) => ({ ...grantOf(g), email: g.email })),
      };
    },
  );

  app.post(
    '/grants',
    {
      config,
      schema: {
        summary: 'Grant a role to an e-mail, in one programme or all',
        body: CreateGrantBody,
        response: { 201: GrantSummary },
      },
    },
    async (req, reply) => {
      const g = await grants.create(req.body);
      return reply.code(201).send({
        grantId: g.id,
        email: g.email,
        role: g.role,
        programmeId: g.programmeId,
        partnerId: g.partnerId,
        createdAt: g.createdAt,
      });
    },
  );

  app.delete(
    '/grants/:grantId',
    {
      config,
      schema: { summary: 'Withdraw a grant; open websockets it alone allowed close with 4403', params: GrantParams },
    },
    async (req, reply) => {
      if (!(await grants.revoke(req.params.grantId)))
        throw new HttpProblem('grant_not_found', `no grant ${req.params.grantId} in force`);
      void guard.sweep();
      return reply.code(204).send();
    },
  );
};
