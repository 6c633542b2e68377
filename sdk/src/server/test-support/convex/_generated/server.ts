// What `npx convex codegen` would generate for this fixture app, reduced to the builders the
// fixtures use. convex-test needs a `_generated` module to find the functions' root.
export {
  actionGeneric as action,
  internalActionGeneric as internalAction,
  internalMutationGeneric as internalMutation,
  internalQueryGeneric as internalQuery,
  mutationGeneric as mutation,
  queryGeneric as query,
} from "convex/server";
