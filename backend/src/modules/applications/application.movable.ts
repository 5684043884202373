import type { MovableKind } from '../movement/index.js';
import { applicationAccess, type Application } from './applications.entity.js';
import { applicationStateRefusal, loadVisibleApplication } from './applications.policy.js';
import { presentApplication } from './applications.presenter.js';
import type { ApplicationOut } from './applications.schemas.js';

/**
 * Applications move between posts like receipts and files (send to a colleague, return, pull back, park)
 * while with an authority; the workflow's actions decide them, so the core's close and reopen are refused.
 */
export const applicationKind: MovableKind<Application, ApplicationOut> = {
  type: 'appln',
  plural: 'applications',
  access: applicationAccess,
  liveStatus: 'open',
  withoutMoves: ['close', 'reopen', 'pullBack'],
  loadVisible: loadVisibleApplication,
  present: presentApplication,
  stateRefusal: (item, action) => applicationStateRefusal(item, action),
};
