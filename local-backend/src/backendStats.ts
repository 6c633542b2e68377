/** Counters the backend keeps for `/_lens/status`; tests assert on them. */
export interface BackendCounters {
  queries: number;
  mutations: number;
  actions: number;
  dedupedMutations: number;
  protocolErrors: number;
  socketsDropped: number;
  connectionsRefused: number;
  httpRequestsRefused: number;
  /** Requests served by the app's HTTP actions (`http.ts`). */
  httpActions: number;
  /** Uploads stored through upload URLs. */
  uploads: number;
  /** Scheduled functions resumed from the data file at start. */
  resumedScheduledFunctions: number;
}

/** Fresh counters. */
export function newCounters(): BackendCounters {
  return {
    queries: 0,
    mutations: 0,
    actions: 0,
    dedupedMutations: 0,
    protocolErrors: 0,
    socketsDropped: 0,
    connectionsRefused: 0,
    httpRequestsRefused: 0,
    httpActions: 0,
    uploads: 0,
    resumedScheduledFunctions: 0,
  };
}
