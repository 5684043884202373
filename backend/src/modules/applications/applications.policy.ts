import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import { AppError, invalidState } from '../../shared/app-error.js';
import { canSee, type MoveAbility } from '../movement/index.js';
import type { ServiceDefinition } from '../services/index.js';
import { ApplicationSchema, type Application, type ApplicationStatus } from './applications.entity.js';

export type WorkflowAction = ServiceDefinition['workflow']['actions'][number];
export type WorkflowState = ServiceDefinition['workflow']['states'][number];

/** The application, or NOT_FOUND when it does not exist for this user (the access rule of movement/access.ts). */
export async function loadVisibleApplication(em: EntityManager, actor: Actor, id: string): Promise<Application> {
  const app = await em.findOne(ApplicationSchema, { id }, { populate: ['serviceVersion', 'holderPost'] });
  if (!app || !(await canSee(em, actor, 'appln', app))) throw new AppError('NOT_FOUND');
  return app;
}

/**
 * The items core's moves for an application: it moves (send, return, park) only while with an authority;
 * it is closed by a workflow decision, never by the close button, and never reopened; nothing is pulled back.
 */
export function applicationStateRefusal(item: { status: string }, action: MoveAbility): AppError | null {
  if (action === 'close' || action === 'reopen') return invalidState('decidedByWorkflow');
  // a workflow action hands it on with its state (e.g. the station's report to the DM): taking it back would part the two
  if (action === 'pullBack') return invalidState('applicationNoPullBack');
  if (item.status === 'closed') return invalidState('applicationDisposed');
  if (item.status === 'with_applicant') return invalidState('withApplicant');
  return null;
}

/** What a staff member's workflow action is checked against: the application's state and the version's workflow. */
export interface ActionFacts {
  status: ApplicationStatus;
  stage: string;
  holderPostId: string;
}

/**
 * THE rule of a staff member's workflow action (approve, reject, forward, ask for a report, …): the
 * workflow has it from the current state, the application is with the authority and with the acting
 * post, and the post has the capability the action names. The use case enforces it under the row lock;
 * the presenter shows it as the action's `allowed` flag.
 */
export function staffActionRefusal(actor: Actor, app: ActionFacts, action: WorkflowAction | undefined): AppError | null {
  if (!action || action.by === 'applicant') return new AppError('NOT_FOUND');
  if (!action.from.includes(app.stage)) return invalidState('notInThisState');
  if (app.status === 'with_applicant') return invalidState('withApplicant');
  if (app.status !== 'open') return invalidState('applicationDisposed');
  if (app.holderPostId !== actor.postId) return new AppError('NOT_WITH_YOU');
  if (!actor.capabilities.includes(action.by)) return new AppError('FORBIDDEN');
  return null;
}

/** The applicant's own action (resubmitting a returned application): the workflow has it, and it is with them. */
export function applicantActionRefusal(app: Pick<ActionFacts, 'status' | 'stage'>, action: WorkflowAction | undefined): AppError | null {
  if (!action || action.by !== 'applicant') return new AppError('NOT_FOUND');
  if (app.status !== 'with_applicant' || !action.from.includes(app.stage)) return invalidState('applicantNotYours');
  return null;
}

/** The applicant may rate an application once it is disposed of, once. */
export function feedbackRefusal(app: Pick<Application, 'status' | 'rating'>): AppError | null {
  if (app.status !== 'closed') return invalidState('notDisposed');
  if (app.rating != null) return invalidState('alreadyRated');
  return null;
}
