// The SDK's typed error taxonomy: codes, their catalog, the error classes and the classifier. The
// developer descriptions are in the `/error-descriptions` entry (errorDescriptionsEntry.ts).
export { type ClassifyContext, classifyError } from "./classifyError.js";
export {
  AbortedError,
  ActionConnectionLostError,
  ApplicationError,
  CircuitOpenError,
  ConfigurationError,
  ConflictError,
  errorClassForCode,
  ForbiddenError,
  FunctionNotFoundError,
  type LensErrorClass,
  LimitExceededError,
  MutationOutcomeUnknownError,
  NetworkError,
  NotFoundError,
  OfflineError,
  OverloadedError,
  PayloadTooLargeError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  UnauthenticatedError,
  UnknownError,
  ValidationError,
} from "./codeErrors.js";
export { type ErrorCodeInfo, errorCatalog } from "./errorCatalog.js";
export { ErrorCode, isErrorCode } from "./errorCode.js";
export { isConvexErrorLike, isLensConvexError, type LensConvexError } from "./LensConvexError.js";
export {
  isLensError,
  LensError,
  type LensErrorInit,
  type LensErrorJSON,
} from "./LensError.js";
export { reviveLensError } from "./reviveLensError.js";
