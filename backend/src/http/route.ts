import type Koa from 'koa';
import type { z } from 'zod';
import type { Actor } from '../shared/actor.js';
import type { Deps, Scope } from '../shared/scope.js';

/**
 * Who may call a route, as declared for documentation and the authorization-matrix test. The
 * policy that enforces it lives inside the use case; `public` routes need no session, `dak` ones a
 * post with the dak capability, `noting` ones a post that notes on files (noting or supervision),
 * `admin` ones an admin post, `checkpoint` ones a post with the checkpoint capability (checkpoints and gates).
 * `metrics` ones no session but `Authorization: Bearer $METRICS_TOKEN` (a Prometheus scrape); without
 * METRICS_TOKEN configured they do not exist (404).
 */
export type Access = 'public' | 'user' | 'dak' | 'noting' | 'admin' | 'checkpoint' | 'metrics';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteInput<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  koa: Koa.Context;
}

export interface RouteDef<B = unknown, Q = unknown, P = unknown, R = unknown> {
  method: Method;
  path: string;
  summary: string;
  /** More than the summary says, for the OpenAPI document (shown under "Access: …"). */
  description?: string;
  tags: string[];
  access: Access;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  response?: z.ZodType<R>;
  status?: 200 | 201 | 204;
  /** Middleware run after authentication and before validation (e.g. the multipart parser). */
  before?: (deps: Deps) => Koa.Middleware;
  /** The handler writes ctx.body itself (files, images): its content type(s), and what the file is. */
  raw?: { contentType: string | readonly string[]; description?: string };
  /** Route handlers of authenticated routes get a Scope; public ones only deps through `koa.state`. */
  handler(scope: Scope, input: RouteInput<B, Q, P>): Promise<R | void>;
}

export interface PublicRouteDef<B = unknown, Q = unknown, P = unknown, R = unknown> extends Omit<
  RouteDef<B, Q, P, R>,
  'handler' | 'access'
> {
  access: 'public' | 'metrics';
  handler(scope: Omit<Scope, 'actor'> & { actor: Actor | null }, input: RouteInput<B, Q, P>): Promise<R | void>;
}

export type AnyRoute = RouteDef<any, any, any, any> | PublicRouteDef<any, any, any, any>;

/** Declares a route; `defineRoutes` collects them per module. */
export function route<B = undefined, Q = undefined, P = undefined, R = unknown>(def: PublicRouteDef<B, Q, P, R>): AnyRoute;
export function route<B = undefined, Q = undefined, P = undefined, R = unknown>(
  def: RouteDef<B, Q, P, R> & { access: 'user' | 'dak' | 'noting' | 'admin' | 'checkpoint' },
): AnyRoute;
export function route(def: AnyRoute): AnyRoute {
  return def;
}
