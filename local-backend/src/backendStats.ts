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
  };
}
