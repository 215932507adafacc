export { isRomaError, RomaError, RomaErrorCode, type RomaErrorDetails } from "./errors.js";
export type { GuestLogs } from "./guest-logs.js";
export type {
  CodeToken,
  ExecuteOptions,
  ExecutionMetrics,
  ExecutionResult,
  LoadOptions,
  RomaServiceOptions,
  SandboxMode,
  WorkerLimits,
} from "./options.js";
export { RomaService, type RomaServiceInfo } from "./roma-service.js";
export {
  callUnary,
  createRomaClient,
  type RomaCallOptions,
  type RomaClient,
  RomaClientBase,
} from "./typed-client.js";
