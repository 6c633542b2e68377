import { Component, type ErrorInfo, type ReactNode } from "react";
import { classifyError } from "../errors/classifyError.js";
import type { LensError } from "../errors/LensError.js";
import type { Lens } from "../lens.js";
import type { LoggerApi } from "../modules/logger.js";
import { LensContext } from "./lensContext.js";

/** Props of {@link LensErrorBoundary}. */
export interface LensErrorBoundaryProps {
  readonly children?: ReactNode;
  /**
   * What to show instead of the children: a node, or a function of the classified error and a
   * `reset` that renders the children again. Default: the error's calm `userMessage` and a
   * "Try again" button.
   */
  readonly fallback?: ReactNode | ((error: LensError, reset: () => void) => ReactNode);
  /** Called once per caught error, classified, with React's component stack. */
  readonly onError?: (error: LensError, info: ErrorInfo) => void;
}

interface State {
  readonly error: LensError | null;
}

/**
 * An error boundary that classifies what it catches, so the fallback can speak calmly and branch
 * on `code`. It never swallows silently: `onError` is called, the error is logged through the
 * lens's logger module when a `LensProvider` is above and the lens has one, and React reports caught errors as usual.
 */
export class LensErrorBoundary extends Component<LensErrorBoundaryProps, State> {
  static override contextType = LensContext;
  declare context: Lens | null;
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: classifyError(error) };
  }

  override componentDidCatch(caught: unknown, info: ErrorInfo): void {
    const error = this.state.error ?? classifyError(caught);
    (this.context as Partial<LoggerApi> | null)?.logger?.error(
      `Error boundary caught ${error.code}: ${error.message}`,
      {
        code: error.code,
        ...(error.functionPath ? { function: error.functionPath } : {}),
      },
    );
    this.props.onError?.(error, info);
  }

  reset = (): void => this.setState({ error: null });

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    const { fallback } = this.props;
    if (typeof fallback === "function") return fallback(error, this.reset);
    if (fallback !== undefined) return fallback;
    return (
      <div role="alert">
        <p>{error.userMessage}</p>
        <button type="button" onClick={this.reset}>
          Try again
        </button>
      </div>
    );
  }
}
