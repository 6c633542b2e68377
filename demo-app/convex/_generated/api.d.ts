/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type * as activity from "../activity.js";
import type * as boards from "../boards.js";
import type * as comments from "../comments.js";
import type * as model_activity from "../model/activity.js";
import type * as model_activityKind from "../model/activityKind.js";
import type * as model_boards from "../model/boards.js";
import type * as model_env from "../model/env.js";
import type * as model_errors from "../model/errors.js";
import type * as model_limits from "../model/limits.js";
import type * as model_ordering from "../model/ordering.js";
import type * as model_rateLimit from "../model/rateLimit.js";
import type * as model_seed from "../model/seed.js";
import type * as model_suggestionService from "../model/suggestionService.js";
import type * as model_tasks from "../model/tasks.js";
import type * as model_text from "../model/text.js";
import type * as stats from "../stats.js";
import type * as tasks from "../tasks.js";

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";

declare const fullApi: ApiFromModules<{
  activity: typeof activity;
  boards: typeof boards;
  comments: typeof comments;
  "model/activity": typeof model_activity;
  "model/activityKind": typeof model_activityKind;
  "model/boards": typeof model_boards;
  "model/env": typeof model_env;
  "model/errors": typeof model_errors;
  "model/limits": typeof model_limits;
  "model/ordering": typeof model_ordering;
  "model/rateLimit": typeof model_rateLimit;
  "model/seed": typeof model_seed;
  "model/suggestionService": typeof model_suggestionService;
  "model/tasks": typeof model_tasks;
  "model/text": typeof model_text;
  stats: typeof stats;
  tasks: typeof tasks;
}>;

/**
 * A utility for referencing Convex functions in your app's public API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;

/**
 * A utility for referencing Convex functions in your app's internal API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = internal.myModule.myFunction;
 * ```
 */
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;

export declare const components: {};
